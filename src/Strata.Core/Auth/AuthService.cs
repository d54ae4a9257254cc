using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

/// <summary>Password login, token refresh and resolving a request's token to its auth record.</summary>
public sealed class AuthService
{
    private readonly RecordService _records;

    /// <summary>Creates the service.</summary>
    /// <param name="records">The records service.</param>
    /// <param name="tokens">The token service.</param>
    public AuthService(RecordService records, TokenService tokens)
    {
        _records = records;
        Tokens = tokens;
    }

    /// <summary>The token service.</summary>
    public TokenService Tokens { get; }

    /// <summary>
    /// Resolves a raw <c>Authorization</c> value (with or without <c>Bearer </c>) to its auth record. Invalid,
    /// expired, unknown or revoked tokens give null: the request goes on as a guest (contract §0.2).
    /// </summary>
    /// <param name="header">The header value.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<(Record Record, bool Refreshable)?> AuthenticateAsync(string? header, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        if (TokenService.ReadUnverified(token) is not { Type: "auth" } claims)
        {
            return null;
        }

        var collection = TryCollection(claims.CollectionId);
        if (collection?.Auth is null)
        {
            return null;
        }

        var record = await _records.FindAsync(collection, claims.Id, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var refreshable = await Tokens.VerifyAsync(token, record, collection.Auth.AuthToken.Secret);
        return refreshable is null ? null : (record, refreshable.Value);
    }

    /// <summary>The auth record a valid, unexpired file token (contract §5.3) belongs to, or null.</summary>
    /// <param name="token">The token from <c>?token=</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<Record?> VerifyFileTokenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || TokenService.ReadUnverified(token) is not { Type: "file" } claims ||
            TryCollection(claims.CollectionId) is not { Auth: { } auth } collection)
        {
            return null;
        }

        var record = await _records.FindAsync(collection, claims.Id, cancellationToken);
        return record is not null && await Tokens.VerifyAsync(token, record, auth.FileToken.Secret) is not null ? record : null;
    }

    /// <summary>Password login (contract §4.2): 400 "Failed to authenticate." for any mismatch.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="identity">The identity value.</param>
    /// <param name="password">The password.</param>
    /// <param name="identityField">An optional identity field to search.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<Record> PasswordLoginAsync(Collection collection, string identity, string password, string? identityField, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var auth = collection.Auth ?? throw StrataException.NotFound("Missing or invalid auth collection context.");
        if (!auth.PasswordAuthEnabled)
        {
            throw StrataException.Forbidden("The collection is not configured to allow password authentication.");
        }

        var fields = auth.IdentityFields.ToList();
        if (!string.IsNullOrEmpty(identityField))
        {
            fields = fields.Contains(identityField, StringComparer.Ordinal) ? [identityField] : [];
        }

        // email first, and only when the identity looks like one.
        fields = [.. fields.OrderBy(f => f == "email" ? 0 : 1)];
        Record? found = null;
        foreach (var field in fields)
        {
            if (field == "email" && !identity.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            var filter = field == "email" ? "email:lower = @request.query.identity:lower" : $"{field} = @request.query.identity";
            var request = new RequestInfo { Query = new Dictionary<string, string> { ["identity"] = identity } };
            if (collection.FindField(field) is null)
            {
                continue;
            }

            found = await _records.FindFirstAsync(collection, filter, request, cancellationToken);
            if (found is not null)
            {
                break;
            }
        }

        // Verify against a dummy hash when nothing matched, so timing does not tell which identities exist.
        var ok = PasswordHasher.Verify(found?.GetString("password") ?? PasswordHasher.DummyHash, password ?? "");
        if (found is null || !ok)
        {
            throw StrataException.BadRequest("Failed to authenticate.");
        }

        return found;
    }

    private Collection? TryCollection(string id)
    {
        try
        {
            return _records.Collection(id);
        }
        catch (StrataException)
        {
            return null;
        }
    }
}
