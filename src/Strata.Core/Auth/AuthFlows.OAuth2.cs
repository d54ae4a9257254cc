using System.Text.Json.Nodes;
using Strata.Core.Auth.OAuth2;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

public sealed partial class AuthFlows
{
    /// <summary>The configured provider of this name on the collection, or null.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="name">The provider name.</param>
    public static OAuth2Provider? Provider(Collection collection, string name)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var config = collection.Auth?.OAuth2Providers.FirstOrDefault(p => ValueCast.ToText(p["name"]) == name);
        return config is null ? null : OAuth2Provider.From(config);
    }

    /// <summary>
    /// Contract §4.8: the record for an OAuth2 user. An existing <c>_externalAuths</c> link wins; else a record with
    /// the same email, when the provider verified it, gets linked; else a new record is created from
    /// <paramref name="createData"/> and the mapped fields under the createRule (<c>@request.context</c> = <c>oauth2</c>).
    /// </summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="provider">The provider name.</param>
    /// <param name="user">The provider's user.</param>
    /// <param name="createData">Record fields for a sign-up, or null.</param>
    /// <param name="request">The request (its rules apply to a sign-up).</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task<(Record Record, bool IsNew)> OAuth2LoginAsync(Collection collection, string provider, OAuth2User user,
        JsonObject? createData, RequestInfo request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(request);
        var links = _records.Collection(SystemCollections.ExternalAuths);
        var link = await _records.FindFirstAsync(links, "collectionRef = @request.query.c && provider = @request.query.p && providerId = @request.query.id",
            new RequestInfo { Query = new Dictionary<string, string> { ["c"] = collection.Id, ["p"] = provider, ["id"] = user.Id } }, cancellationToken);
        if (link is not null)
        {
            var linked = await _records.FindAsync(collection, link.GetString("recordRef"), cancellationToken);
            if (linked is not null)
            {
                return (linked, false);
            }

            await _records.DeleteAsync(links, link.Id, System, cancellationToken);
        }

        var byEmail = user.Email.Length > 0 ? await FindByEmailAsync(collection, user.Email, cancellationToken) : null;
        if (byEmail is not null && !user.EmailVerified)
        {
            // Linking on an email the provider did not verify would let anyone claim that account.
            throw StrataException.BadRequest("An account with this email already exists; sign in to it first with another method.");
        }

        return await _records.TransactionAsync(async tx =>
        {
            var isNew = byEmail is null;
            var record = byEmail ?? await _records.CreateAsync(tx, collection, SignUpBody(collection, user, createData), request.WithContext("oauth2"), cancellationToken);
            if (user.EmailVerified && record.Get("verified") is not true && string.Equals(record.GetString("email"), user.Email, StringComparison.OrdinalIgnoreCase))
            {
                record = await _records.UpdateAsync(tx, collection, record.Id, new JsonObject { ["verified"] = true }, System, cancellationToken);
            }

            await _records.CreateAsync(tx, links, new JsonObject
            {
                ["collectionRef"] = collection.Id,
                ["recordRef"] = record.Id,
                ["provider"] = provider,
                ["providerId"] = user.Id,
            }, System, cancellationToken);
            return (record, isNew);
        }, cancellationToken);
    }

    private static JsonObject SignUpBody(Collection collection, OAuth2User user, JsonObject? createData)
    {
        var body = (JsonObject?)createData?.DeepClone() ?? [];
        if (!body.ContainsKey("email") && user.Email.Length > 0)
        {
            body["email"] = user.Email;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["username"] = user.Username,
            ["avatarURL"] = user.AvatarUrl,
        };
        foreach (var (key, target) in collection.Auth!.OAuth2MappedFields)
        {
            // Only text-like targets: a file field would need the avatar downloaded, which is not done.
            if (values.TryGetValue(key, out var value) && value.Length > 0 && !body.ContainsKey(target) &&
                collection.FindField(target) is TextField or UrlField or EmailField or EditorField)
            {
                body[target] = value;
            }
        }

        if (!body.ContainsKey("password"))
        {
            var password = RandomId.Secret(30);
            body["password"] = password;
            body["passwordConfirm"] = password;
        }

        return body;
    }
}
