using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>
/// How a collection definition is stored in the database: its public JSON plus the write-only token secrets,
/// which the API and migration files never carry.
/// </summary>
public static class CollectionStorage
{
    private const string SecretsKey = "_secrets";
    private const string OAuth2SecretsKey = "oauth2ClientSecrets";

    /// <summary>The stored JSON text of a collection, secrets included.</summary>
    /// <param name="collection">The collection.</param>
    public static string Serialize(Collection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var o = CollectionJson.ToJsonObject(collection);
        if (collection.Auth is { } auth)
        {
            var secrets = new JsonObject();
            foreach (var (key, config) in auth.Tokens())
            {
                secrets[key] = config.Secret;
            }

            // Provider client secrets are write-only in the public JSON too; keep them here by provider name.
            var clientSecrets = new JsonObject();
            foreach (var p in auth.OAuth2Providers)
            {
                if (ValueCast.ToText(p["name"]) is { Length: > 0 } name && ValueCast.ToText(p["clientSecret"]) is { Length: > 0 } secret)
                {
                    clientSecrets[name] = secret;
                }
            }

            secrets[OAuth2SecretsKey] = clientSecrets;
            o[SecretsKey] = secrets;
        }

        return o.ToJsonString();
    }

    /// <summary>Reads a stored definition.</summary>
    /// <param name="json">The stored JSON text.</param>
    public static Collection Deserialize(string json)
    {
        var o = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("A stored collection is not a JSON object.");
        var secrets = o[SecretsKey] as JsonObject;
        o.Remove(SecretsKey);
        using var doc = JsonDocument.Parse(o.ToJsonString());
        var c = CollectionJson.Read(doc.RootElement, null);
        c.Created = o["created"]?.GetValue<string>() ?? c.Created;
        c.Updated = o["updated"]?.GetValue<string>() ?? c.Updated;
        if (c.Auth is { } auth && secrets is not null)
        {
            foreach (var (key, config) in auth.Tokens())
            {
                if (secrets[key] is JsonValue v && v.TryGetValue<string>(out var s))
                {
                    config.Secret = s;
                }
            }

            if (secrets[OAuth2SecretsKey] is JsonObject clientSecrets)
            {
                foreach (var p in auth.OAuth2Providers)
                {
                    if (clientSecrets[ValueCast.ToText(p["name"])] is JsonValue secret)
                    {
                        p["clientSecret"] = secret.DeepClone();
                    }
                }
            }
        }

        return c;
    }

    /// <summary>
    /// Gives <paramref name="to"/> the token secrets of <paramref name="from"/> (the stored version of the same
    /// collection), or fresh ones where it has none.
    /// </summary>
    /// <param name="from">The stored collection, or null.</param>
    /// <param name="to">The collection being saved.</param>
    public static void CopySecrets(Collection? from, Collection to)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (to.Auth is not { } auth)
        {
            return;
        }

        var old = from?.Auth?.Tokens().ToDictionary(t => t.Key, t => t.Config.Secret, StringComparer.Ordinal);
        foreach (var (key, config) in auth.Tokens())
        {
            if (config.Secret.Length == 0)
            {
                config.Secret = old?.GetValueOrDefault(key) is { Length: > 0 } s ? s : RandomId.Secret(CollectionDefaults.SecretLength);
            }
        }
    }
}
