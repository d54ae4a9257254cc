using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

public static partial class CollectionJson
{
    /// <summary>The error message of a failed create.</summary>
    public const string CreateFailed = "Failed to create collection.";

    /// <summary>The error message of a failed update.</summary>
    public const string UpdateFailed = "Failed to update collection.";

    /// <summary>
    /// Reads a create body (<paramref name="existing"/> null) or a PATCH body (partial: only keys present change).
    /// <c>fields</c>, when given, replaces the list; a field whose <c>id</c> matches an existing field of the same
    /// type starts from that field, so omitted options keep their values. Missing field ids become
    /// <c>&lt;type&gt;&lt;crc32(name)&gt;</c>. The result is a new instance; <paramref name="existing"/> is not modified.
    /// Defaults (<see cref="CollectionDefaults.ApplyNew"/>) and semantic checks (<see cref="CollectionValidator"/>)
    /// are separate steps.
    /// </summary>
    /// <param name="json">The request body.</param>
    /// <param name="existing">The stored collection for an update, or null for a create.</param>
    /// <exception cref="StrataException">400 with every shape problem in <c>data</c>.</exception>
    public static Collection Read(JsonElement json, Collection? existing)
    {
        var message = existing is null ? CreateFailed : UpdateFailed;
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw StrataException.BadRequest(message);
        }

        try
        {
            var c = ReadCore(json, existing, message);

            // Proves the result can be written back: strings with escaped lone surrogates fail here, not in a response.
            _ = ToJsonString(c);
            return c;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw new StrataException(message, ex);
        }
    }

    private static Collection ReadCore(JsonElement json, Collection? existing, string message)
    {
        var errors = new ValidationErrors();
        var r = new JsonOptionReader(json, "", errors);
        var c = existing?.Clone() ?? new Collection();
        if (existing is null)
        {
            c.Id = r.String("id") ?? "";
        }

        if (r.TryGet("type", out var typeElement) && typeElement.ValueKind != JsonValueKind.Null)
        {
            if (typeElement.ValueKind == JsonValueKind.String && CollectionTypeNames.TryParse(typeElement.GetString(), out var type))
            {
                c.Type = type;
            }
            else
            {
                errors.Add("type", new FieldError("validation_in_invalid", "Must be one of base, auth or view."));
            }
        }

        var oldName = c.Name;
        c.Name = r.String("name") ?? c.Name;
        c.System = r.Bool("system") ?? c.System;
        ReadRules(r, c);
        if (c.Type == CollectionType.View)
        {
            c.ViewQuery = r.String("viewQuery") ?? c.ViewQuery;
        }

        if (r.StringList("indexes") is { } indexes)
        {
            c.Indexes = indexes;
        }
        else if (existing is not null && !string.Equals(oldName, c.Name, StringComparison.Ordinal))
        {
            c.Indexes = [.. c.Indexes.Select(i => RenameIndexTable(i, oldName, c.Name))];
        }

        if (r.TryGet("fields", out var fieldsElement) && fieldsElement.ValueKind != JsonValueKind.Null)
        {
            c.Fields = ReadFields(fieldsElement, existing, errors);
        }

        if (c.Type == CollectionType.Auth)
        {
            c.Auth ??= new AuthOptions();
            ReadAuth(r, c.Auth);
        }
        else
        {
            c.Auth = null;
        }

        errors.ThrowIfAny(message);
        return c;
    }

    /// <summary>Reads JSON text; malformed JSON gives the same 400 as a bad shape.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="existing">The stored collection for an update, or null for a create.</param>
    public static Collection Read(string json, Collection? existing)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement, existing);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new StrataException(existing is null ? CreateFailed : UpdateFailed, ex);
        }
    }

    private static void ReadRules(JsonOptionReader r, Collection c)
    {
        if (r.NullableString("listRule", out var list))
        {
            c.ListRule = list;
        }

        if (r.NullableString("viewRule", out var view))
        {
            c.ViewRule = view;
        }

        if (r.NullableString("createRule", out var create))
        {
            c.CreateRule = create;
        }

        if (r.NullableString("updateRule", out var update))
        {
            c.UpdateRule = update;
        }

        if (r.NullableString("deleteRule", out var delete))
        {
            c.DeleteRule = delete;
        }
    }

    private static List<Field> ReadFields(JsonElement array, Collection? existing, ValidationErrors errors)
    {
        var fields = new List<Field>();
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add("fields", new FieldError("validation_invalid_type", "Must be an array of fields."));
            return fields;
        }

        var i = -1;
        foreach (var element in array.EnumerateArray())
        {
            i++;
            var path = "fields." + i;
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(path, new FieldError("validation_invalid_type", "Must be a field object."));
                continue;
            }

            var fr = new JsonOptionReader(element, path, errors);
            var type = fr.String("type");
            var id = fr.String("id");
            var previous = id is null ? null : existing?.FindFieldById(id);
            Field? field;
            if (previous is not null && string.Equals(previous.Type, type ?? previous.Type, StringComparison.Ordinal))
            {
                field = previous.Clone();
            }
            else
            {
                field = Field.Create(type);
                if (field is null)
                {
                    errors.Add(path + ".type", type is null ? FieldError.Required() : new FieldError("validation_in_invalid", "Unknown field type."));
                    continue;
                }
            }

            field.ReadJson(fr);
            if (field.Id.Length == 0)
            {
                field.Id = CollectionIds.ForField(field.Type, field.Name);
            }

            fields.Add(field);
        }

        return fields;
    }

    private static string RenameIndexTable(string index, string oldName, string newName)
    {
        if (!IndexDefinition.TryParse(index, out var def) || !string.Equals(def.Table, oldName, StringComparison.OrdinalIgnoreCase))
        {
            return index;
        }

        return (def with { Table = newName }).ToString();
    }

    private static void ReadAuth(JsonOptionReader r, AuthOptions a)
    {
        if (r.NullableString("authRule", out var authRule))
        {
            a.AuthRule = authRule;
        }

        if (r.NullableString("manageRule", out var manageRule))
        {
            a.ManageRule = manageRule;
        }

        if (r.Child("passwordAuth") is { } pa)
        {
            a.PasswordAuthEnabled = pa.Bool("enabled") ?? a.PasswordAuthEnabled;
            a.IdentityFields = pa.StringList("identityFields") ?? a.IdentityFields;
        }

        foreach (var (key, config) in a.Tokens())
        {
            if (r.Child(key) is { } t)
            {
                config.Duration = t.Long("duration") ?? config.Duration;
                config.Secret = t.String("secret") ?? config.Secret;
            }
        }

        if (r.Child("guestAuth") is { } guest)
        {
            a.GuestAuthEnabled = guest.Bool("enabled") ?? a.GuestAuthEnabled;
            a.GuestAuthFields = guest.StringList("fields") ?? a.GuestAuthFields;
        }

        if (r.Child("apiKeys") is { } keys)
        {
            a.ApiKeysSelfService = keys.Bool("selfService") ?? a.ApiKeysSelfService;
        }

        ReadTemplate(r, "verificationTemplate", a.VerificationTemplate);
        ReadTemplate(r, "resetPasswordTemplate", a.ResetPasswordTemplate);
        ReadTemplate(r, "confirmEmailChangeTemplate", a.ConfirmEmailChangeTemplate);

        if (r.Child("mfa") is { } mfa)
        {
            mfa.Bool("enabled");
            mfa.Long("duration");
            mfa.String("rule");
            a.Mfa = AuthDefaults.Merge(a.Mfa, r.ObjectNode("mfa"));
        }

        if (r.Child("otp") is { } otp)
        {
            otp.Bool("enabled");
            otp.Long("duration");
            otp.Long("length");
            CheckTemplateShape(otp, "emailTemplate");
            a.Otp = AuthDefaults.Merge(a.Otp, r.ObjectNode("otp"));
        }

        if (r.Child("authAlert") is { } alert)
        {
            alert.Bool("enabled");
            CheckTemplateShape(alert, "emailTemplate");
            a.AuthAlert = AuthDefaults.Merge(a.AuthAlert, r.ObjectNode("authAlert"));
        }

        if (r.Child("oauth2") is { } oauth2)
        {
            ReadOAuth2(oauth2, a);
        }
    }

    private static void ReadOAuth2(JsonOptionReader r, AuthOptions a)
    {
        r.Bool("enabled");
        if (r.Child("mappedFields") is { } mapped)
        {
            foreach (var p in mapped.Object.EnumerateObject())
            {
                mapped.String(p.Name);
            }
        }

        var incoming = JsonNode.Parse(r.Object.GetRawText())!.AsObject();
        if (incoming["providers"] is { } providersNode)
        {
            if (providersNode is not JsonArray providers || providers.Any(p => p is not JsonObject))
            {
                r.Error("providers", "validation_invalid_type", "Must be an array of provider objects.");
                incoming.Remove("providers");
            }
            else
            {
                // clientSecret is write-only: a provider sent back without it keeps the stored one.
                var stored = a.OAuth2["providers"] as JsonArray;
                for (var i = 0; i < providers.Count; i++)
                {
                    var p = (JsonObject)providers[i]!;
                    var pr = new JsonOptionReader(JsonDocument.Parse(p.ToJsonString()).RootElement, r.PathOf("providers." + i), r.Errors);
                    var name = pr.String("name");
                    pr.String("clientId");
                    var secret = pr.String("clientSecret");
                    if (string.IsNullOrEmpty(secret) && name is not null && stored is not null)
                    {
                        var old = stored.OfType<JsonObject>().FirstOrDefault(s => ValueCast.ToText(s["name"]) == name);
                        if (old?["clientSecret"] is { } oldSecret)
                        {
                            p["clientSecret"] = oldSecret.DeepClone();
                        }
                    }
                }
            }
        }

        // Providers replace the stored list as a whole; other keys merge.
        var merged = AuthDefaults.Merge((JsonObject)a.OAuth2.DeepClone(), WithoutProviders(incoming));
        if (incoming["providers"] is JsonArray newProviders)
        {
            merged["providers"] = newProviders.DeepClone();
        }

        a.OAuth2 = merged;
    }

    private static JsonObject WithoutProviders(JsonObject o)
    {
        var copy = (JsonObject)o.DeepClone();
        copy.Remove("providers");
        return copy;
    }

    private static void ReadTemplate(JsonOptionReader r, string key, EmailTemplate template)
    {
        if (r.Child(key) is { } t)
        {
            template.Subject = t.String("subject") ?? template.Subject;
            template.Body = t.String("body") ?? template.Body;
        }
    }

    private static void CheckTemplateShape(JsonOptionReader r, string key)
    {
        if (r.Child(key) is { } t)
        {
            t.String("subject");
            t.String("body");
        }
    }
}
