using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Files;
using Strata.Core.Schema;

namespace Strata.Core.Records;

/// <summary>
/// Turns a submitted body into record values: field modifiers (§2.6) applied in order of increasing key length,
/// values normalised per field type, auth-record rules (password, email, verified), and validation with the
/// contract's error codes. Produces the resolved body that <c>@request.body</c> sees.
/// </summary>
public sealed class RecordInput
{
    private RecordInput(Record record, JsonObject resolvedBody, string? plainPassword, ValidationErrors errors, IReadOnlyList<PendingFile> files)
    {
        Files = files;
        Record = record;
        ResolvedBody = resolvedBody;
        PlainPassword = plainPassword;
        Errors = errors;
    }

    /// <summary>The field errors found so far; callers add database checks (relations) and throw once.</summary>
    public ValidationErrors Errors { get; }

    /// <summary>The record with the submitted changes applied.</summary>
    public Record Record { get; }

    /// <summary>The body after modifier resolution (plain field keys with final values).</summary>
    public JsonObject ResolvedBody { get; }

    /// <summary>The uploads the record keeps, with their stored names; the caller writes them to storage.</summary>
    public IReadOnlyList<PendingFile> Files { get; }

    /// <summary>The new plain password, when one was set.</summary>
    public string? PlainPassword { get; }

    /// <summary>Resolves a body against a new record (<paramref name="current"/> null) or a stored one.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="body">The submitted body.</param>
    /// <param name="current">The stored record for updates, or null for creates.</param>
    /// <param name="privileged">The requester is a superuser or a manager of the record (may set email/verified, skip oldPassword).</param>
    /// <param name="superuser">The requester is a superuser (may set hidden fields and tokenKey).</param>
    /// <param name="now">The time for autodate fields.</param>
    /// <param name="uploads">The uploaded file parts, or null.</param>
    /// <param name="guest">A guest sign-up: an auth record without an email, however the email field is configured.</param>
    /// <remarks>Field errors are collected in <see cref="Errors"/>, not thrown, so checks that need the database can add theirs.</remarks>
    public static RecordInput Resolve(Collection collection, JsonObject body, Record? current, bool privileged, bool superuser, DateTimeOffset now,
        IReadOnlyList<FileUpload>? uploads = null, bool guest = false)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(body);
        var creating = current is null;
        var record = current?.Clone() ?? new Record(collection);
        var errors = new ValidationErrors();
        var resolved = new JsonObject();
        var isAuth = collection.Type == CollectionType.Auth;
        string? plainPassword = null;
        var files = new List<PendingFile>();

        foreach (var field in collection.Fields)
        {
            if (field.IsServerManaged || (field.Hidden && !superuser && field is not PasswordField))
            {
                continue;
            }

            if (isAuth && field.Name == "tokenKey")
            {
                // Only an explicit regeneration by a superuser may touch the token key.
                if (superuser && body.ContainsKey("tokenKey" + FieldModifiers.AutogenerateSuffix))
                {
                    record.Set("tokenKey", PatternGenerator.Generate(((TextField)field).AutogeneratePattern));
                }

                continue;
            }

            if (field is PasswordField)
            {
                if (body.TryGetPropertyValue(field.Name, out var node))
                {
                    plainPassword = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
                    resolved[field.Name] = plainPassword;
                }

                continue;
            }

            if (field is FileField fileField)
            {
                if (FileInput.TryResolve(fileField, record.Get(field.Name), body, uploads ?? [], errors, files, out var names))
                {
                    record.Set(field.Name, names);
                    resolved[field.Name] = ToNode(names);
                }

                continue;
            }

            if (FieldModifiers.TryApply(field, record.Get(field.Name), body, out var value))
            {
                record.Set(field.Name, value);
                resolved[field.Name] = ToNode(value);
            }
        }

        if (isAuth)
        {
            ApplyAuthRules(collection, body, current, record, privileged, plainPassword, errors);
        }

        Autogenerate(collection, record, creating);
        foreach (var f in collection.Fields.OfType<AutodateField>())
        {
            if ((creating && f.OnCreate) || (!creating && f.OnUpdate))
            {
                record.Set(f.Name, DateTimeText.Format(now));
            }
        }

        for (var i = 0; i < collection.Fields.Count; i++)
        {
            var f = collection.Fields[i];
            if (f is PasswordField)
            {
                if (plainPassword is not null || creating)
                {
                    if (f.Validate(plainPassword ?? "") is { } pe)
                    {
                        errors.Add(f.Name, pe);
                    }
                }

                continue;
            }

            if (f.IsServerManaged || (isAuth && f.Name == "tokenKey") || (guest && isAuth && f.Name == "email" && record.GetString("email").Length == 0))
            {
                continue;
            }

            if (f.Validate(record.Values[i]) is { } error)
            {
                errors.Add(f.Name, error);
            }
        }

        if (!creating && record.Id != current!.Id)
        {
            errors.Add("id", new FieldError("validation_pk_change", "The record primary key cannot be changed."));
        }

        if (plainPassword is not null && errors.IsEmpty)
        {
            var pf = collection.Fields.OfType<PasswordField>().First();
            record.Set(pf.Name, PasswordHasher.Hash(plainPassword, pf.Cost > 0 ? pf.Cost : PasswordHasher.DefaultCost));
        }

        return new RecordInput(record, resolved, plainPassword, errors, files);
    }

    private static void ApplyAuthRules(Collection collection, JsonObject body, Record? current, Record record, bool privileged, string? plainPassword, ValidationErrors errors)
    {
        var creating = current is null;
        var hasConfirm = body.TryGetPropertyValue("passwordConfirm", out var confirmNode);
        var confirm = confirmNode is JsonValue cv && cv.TryGetValue<string>(out var cs) ? cs : confirmNode?.ToJsonString();
        if (plainPassword is not null)
        {
            if (!hasConfirm || string.IsNullOrEmpty(confirm))
            {
                errors.Add("passwordConfirm", FieldError.Required());
            }
            else if (!string.Equals(confirm, plainPassword, StringComparison.Ordinal))
            {
                errors.Add("passwordConfirm", new FieldError("validation_values_mismatch", "Values don't match."));
            }

            if (!creating && !privileged)
            {
                var old = body["oldPassword"] is JsonValue ov && ov.TryGetValue<string>(out var os) ? os : null;
                if (string.IsNullOrEmpty(old))
                {
                    errors.Add("oldPassword", FieldError.Required());
                }
                else if (!PasswordHasher.Verify(current!.GetString("password"), old))
                {
                    errors.Add("oldPassword", new FieldError("validation_invalid_old_password", "Missing or invalid old password."));
                }
            }
        }

        if (!privileged)
        {
            var verifiedBefore = current?.Get("verified") is true;
            if (record.Get("verified") is bool v && v != verifiedBefore)
            {
                errors.Add("verified", new FieldError("validation_values_mismatch", "Values don't match."));
            }

            if (!creating && !string.Equals(record.GetString("email"), current!.GetString("email"), StringComparison.Ordinal))
            {
                errors.Add("email", new FieldError("validation_values_mismatch", "Values don't match."));
            }
        }

        var emailChanged = !creating && !string.Equals(record.GetString("email"), current!.GetString("email"), StringComparison.Ordinal);
        if (creating || plainPassword is not null || emailChanged)
        {
            // A new password or email revokes every token issued before it.
            var tokenKey = collection.FindField("tokenKey") as TextField;
            record.Set("tokenKey", PatternGenerator.Generate(tokenKey?.AutogeneratePattern is { Length: > 0 } p ? p : "[a-zA-Z0-9]{50}"));
        }
    }

    private static void Autogenerate(Collection collection, Record record, bool creating)
    {
        foreach (var f in collection.Fields.OfType<TextField>())
        {
            if (f.AutogeneratePattern.Length == 0 || (!creating && !f.PrimaryKey) || record.GetString(f.Name).Length > 0)
            {
                continue;
            }

            if (creating)
            {
                record.Set(f.Name, PatternGenerator.Generate(f.AutogeneratePattern));
            }
        }
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        IEnumerable<string> list => new JsonArray([.. list.Select(x => (JsonNode?)JsonValue.Create(x))]),
        JsonNode n => n.DeepClone(),
        GeoPoint g => new JsonObject { ["lon"] = g.Lon, ["lat"] = g.Lat },
        _ => JsonSerializer.SerializeToNode(value),
    };
}
