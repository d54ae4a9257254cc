using System.Text.Json.Nodes;

namespace Strata.Core.Auth;

/// <summary>
/// An API key: a long random secret (shown once) that acts as one auth record, limited to scopes, with an optional
/// role visible to rules as <c>@request.auth.apiKeyRole</c> and an optional expiry. Only its SHA-256 is stored.
/// </summary>
public sealed class ApiKey
{
    /// <summary>The prefix that tells an API key from a JWT in the <c>Authorization</c> header.</summary>
    public const string Prefix = "sk_";

    /// <summary>The key id.</summary>
    public required string Id { get; init; }

    /// <summary>A label for people.</summary>
    public string Name { get; init; } = "";

    /// <summary>The first characters of the secret, to recognise it in lists.</summary>
    public string Hint { get; init; } = "";

    /// <summary>The auth collection of the record the key acts as.</summary>
    public required string CollectionId { get; init; }

    /// <summary>The record the key acts as.</summary>
    public required string RecordId { get; init; }

    /// <summary>An optional role string for rules (<c>@request.auth.apiKeyRole</c>).</summary>
    public string Role { get; init; } = "";

    /// <summary>What the key may do.</summary>
    public IReadOnlyList<ApiKeyScope> Scopes { get; init; } = [];

    /// <summary>When it stops working (canonical UTC text), or empty for never.</summary>
    public string Expires { get; init; } = "";

    /// <summary>The id of the record that created it.</summary>
    public string CreatedBy { get; init; } = "";

    /// <summary>When it was created.</summary>
    public string Created { get; init; } = "";

    /// <summary>When it was last used (updated at most every few minutes).</summary>
    public string LastUsed { get; init; } = "";

    /// <summary>The secret; set only on the instance returned at creation.</summary>
    public string? Secret { get; init; }

    /// <summary>Whether the key allows an action on a collection.</summary>
    /// <param name="collectionId">The collection id.</param>
    /// <param name="action">list, view, create, update or delete.</param>
    public bool Allows(string collectionId, string action) =>
        Scopes.Any(s => (s.Collection == "*" || s.Collection == collectionId) && s.Actions.Contains(action, StringComparer.Ordinal));

    /// <summary>The key as the API shows it; the secret only at creation.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject
        {
            ["id"] = Id, ["name"] = Name, ["hint"] = Hint, ["collectionId"] = CollectionId, ["recordId"] = RecordId, ["role"] = Role,
            ["scopes"] = new JsonArray([.. Scopes.Select(s => (JsonNode)new JsonObject
            {
                ["collection"] = s.Collection, ["actions"] = new JsonArray([.. s.Actions.Select(a => (JsonNode)a)]),
            })]),
            ["expires"] = Expires, ["createdBy"] = CreatedBy, ["created"] = Created, ["lastUsed"] = LastUsed,
        };
        if (Secret is not null)
        {
            o["key"] = Secret;
        }

        return o;
    }
}
