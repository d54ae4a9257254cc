using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>
/// The collection JSON of contract §2.1–2.3. Writing never emits write-only secrets (token <c>secret</c>, provider
/// <c>clientSecret</c>); auth options appear only on auth collections and <c>viewQuery</c> only on views.
/// </summary>
public static partial class CollectionJson
{
    /// <summary>Writes one collection object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="collection">The collection.</param>
    public static void Write(Utf8JsonWriter writer, Collection collection)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(collection);
        writer.WriteStartObject();
        writer.WriteString("id", collection.Id);
        writer.WriteString("name", collection.Name);
        writer.WriteString("type", CollectionTypeNames.ToWire(collection.Type));
        writer.WriteBoolean("system", collection.System);
        writer.WriteStartArray("fields");
        foreach (var field in collection.Fields)
        {
            field.WriteJson(writer);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("indexes");
        foreach (var index in collection.Indexes)
        {
            writer.WriteStringValue(index);
        }

        writer.WriteEndArray();
        WriteRule(writer, "listRule", collection.ListRule);
        WriteRule(writer, "viewRule", collection.ViewRule);
        WriteRule(writer, "createRule", collection.CreateRule);
        WriteRule(writer, "updateRule", collection.UpdateRule);
        WriteRule(writer, "deleteRule", collection.DeleteRule);
        if (collection.Type == CollectionType.View)
        {
            writer.WriteString("viewQuery", collection.ViewQuery);
        }

        if (collection.Type == CollectionType.Auth)
        {
            WriteAuth(writer, collection.Auth ?? new AuthOptions());
        }

        writer.WriteString("created", collection.Created);
        writer.WriteString("updated", collection.Updated);
        writer.WriteEndObject();
    }

    /// <summary>The collection as compact JSON text.</summary>
    /// <param name="collection">The collection.</param>
    public static string ToJsonString(Collection collection)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, collection);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The collection as a mutable JSON object (e.g. for the scaffolds response).</summary>
    /// <param name="collection">The collection.</param>
    public static JsonObject ToJsonObject(Collection collection) => JsonNode.Parse(ToJsonString(collection))!.AsObject();

    private static void WriteRule(Utf8JsonWriter writer, string key, string? rule)
    {
        if (rule is null)
        {
            writer.WriteNull(key);
        }
        else
        {
            writer.WriteString(key, rule);
        }
    }

    private static void WriteAuth(Utf8JsonWriter writer, AuthOptions auth)
    {
        WriteRule(writer, "authRule", auth.AuthRule);
        WriteRule(writer, "manageRule", auth.ManageRule);
        writer.WritePropertyName("authAlert");
        AuthDefaults.Merge(AuthDefaults.AuthAlert(), auth.AuthAlert).WriteTo(writer);
        writer.WritePropertyName("oauth2");
        PublicOAuth2(auth.OAuth2).WriteTo(writer);
        writer.WriteStartObject("passwordAuth");
        writer.WriteBoolean("enabled", auth.PasswordAuthEnabled);
        writer.WriteStartArray("identityFields");
        foreach (var f in auth.IdentityFields)
        {
            writer.WriteStringValue(f);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WritePropertyName("mfa");
        AuthDefaults.Merge(AuthDefaults.Mfa(), auth.Mfa).WriteTo(writer);
        writer.WritePropertyName("otp");
        AuthDefaults.Merge(AuthDefaults.Otp(), auth.Otp).WriteTo(writer);
        foreach (var (key, config) in auth.Tokens())
        {
            writer.WriteStartObject(key);
            writer.WriteNumber("duration", config.Duration);
            writer.WriteEndObject();
        }

        writer.WriteStartObject("guestAuth");
        writer.WriteBoolean("enabled", auth.GuestAuthEnabled);
        writer.WriteStartArray("fields");
        foreach (var f in auth.GuestAuthFields)
        {
            writer.WriteStringValue(f);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartObject("apiKeys");
        writer.WriteBoolean("selfService", auth.ApiKeysSelfService);
        writer.WriteEndObject();
        WriteTemplate(writer, "verificationTemplate", auth.VerificationTemplate);
        WriteTemplate(writer, "resetPasswordTemplate", auth.ResetPasswordTemplate);
        WriteTemplate(writer, "confirmEmailChangeTemplate", auth.ConfirmEmailChangeTemplate);
    }

    /// <summary>The oauth2 object with defaults filled in and every provider's <c>clientSecret</c> removed.</summary>
    private static JsonObject PublicOAuth2(JsonObject stored)
    {
        var merged = AuthDefaults.Merge(AuthDefaults.OAuth2(), stored);
        if (merged["providers"] is not JsonArray providers)
        {
            merged["providers"] = new JsonArray();
            return merged;
        }

        foreach (var p in providers)
        {
            if (p is JsonObject o)
            {
                o.Remove("clientSecret");
            }
        }

        return merged;
    }

    private static void WriteTemplate(Utf8JsonWriter writer, string key, EmailTemplate template)
    {
        writer.WriteStartObject(key);
        writer.WriteString("subject", template.Subject);
        writer.WriteString("body", template.Body);
        writer.WriteEndObject();
    }
}
