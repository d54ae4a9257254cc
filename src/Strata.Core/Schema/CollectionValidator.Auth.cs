using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

public static partial class CollectionValidator
{
    private const int MinTokenDuration = 10;
    private const int MinSecretLength = 30;
    private const int MaxSecretLength = 255;

    private static void CheckAuth(Collection c, AuthOptions auth, Func<string, string?>? ruleError, ValidationErrors errors)
    {
        foreach (var (key, config) in auth.Tokens())
        {
            if (config.Duration < MinTokenDuration)
            {
                errors.Add(key + ".duration", new FieldError("validation_min_greater_equal_than_required",
                    $"Must be no less than {MinTokenDuration}.", new JsonObject { ["min"] = MinTokenDuration }));
            }

            if (config.Secret.Length is < MinSecretLength or > MaxSecretLength)
            {
                errors.Add(key + ".secret", new FieldError("validation_length_out_of_range",
                    $"The length must be between {MinSecretLength} and {MaxSecretLength}.",
                    new JsonObject { ["min"] = MinSecretLength, ["max"] = MaxSecretLength }));
            }
        }

        CheckIdentityFields(c, auth, errors);
        CheckSubObjects(c, auth, ruleError, errors);
    }

    private static void CheckIdentityFields(Collection c, AuthOptions auth, ValidationErrors errors)
    {
        if (auth.PasswordAuthEnabled && auth.IdentityFields.Count == 0)
        {
            errors.Add("passwordAuth.identityFields", FieldError.Required());
            return;
        }

        var indexes = c.Indexes.Select(i => IndexDefinition.TryParse(i, out var d) ? d : null).OfType<IndexDefinition>().ToList();
        for (var i = 0; i < auth.IdentityFields.Count; i++)
        {
            var name = auth.IdentityFields[i];
            var path = "passwordAuth.identityFields." + i;
            if (c.FindField(name) is null)
            {
                errors.Add(path, new FieldError("validation_missing_field", $"\"{name}\" is not a field of the collection."));
            }
            else if (auth.PasswordAuthEnabled && !indexes.Any(d => d.IsUniqueOn(name)))
            {
                errors.Add(path, new FieldError("validation_missing_unique_constraint", $"The identity field \"{name}\" must have a UNIQUE index."));
            }
        }
    }

    private static void CheckSubObjects(Collection c, AuthOptions auth, Func<string, string?>? ruleError, ValidationErrors errors)
    {
        var mfa = AuthDefaults.Merge(AuthDefaults.Mfa(), auth.Mfa);
        CheckMinimum(errors, "mfa.duration", AuthDefaults.Number(mfa, "duration", 0), MinTokenDuration);
        if (ValueCast.Kind(mfa["rule"]) == System.Text.Json.JsonValueKind.String)
        {
            CheckRule("mfa.rule", ValueCast.ToText(mfa["rule"]), ruleError, errors);
        }

        var otp = AuthDefaults.Merge(AuthDefaults.Otp(), auth.Otp);
        CheckMinimum(errors, "otp.duration", AuthDefaults.Number(otp, "duration", 0), MinTokenDuration);
        CheckMinimum(errors, "otp.length", AuthDefaults.Number(otp, "length", 0), 4);

        var oauth2 = AuthDefaults.Merge(AuthDefaults.OAuth2(), auth.OAuth2);
        if (oauth2["mappedFields"] is JsonObject mapped)
        {
            foreach (var (key, value) in mapped)
            {
                var target = ValueCast.ToText(value);
                if (target.Length > 0 && c.FindField(target) is null)
                {
                    errors.Add("oauth2.mappedFields." + key, new FieldError("validation_missing_field", $"\"{target}\" is not a field of the collection."));
                }
            }
        }

        if (oauth2["providers"] is JsonArray providers)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < providers.Count; i++)
            {
                var name = ValueCast.ToText((providers[i] as JsonObject)?["name"]);
                if (name.Length == 0)
                {
                    errors.Add("oauth2.providers." + i + ".name", FieldError.Required());
                }
                else if (!seen.Add(name))
                {
                    errors.Add("oauth2.providers." + i + ".name", new FieldError("validation_duplicated_provider", "Duplicated provider."));
                }
            }
        }
    }

    private static void CheckMinimum(ValidationErrors errors, string path, double value, int min)
    {
        if (value < min)
        {
            errors.Add(path, new FieldError("validation_min_greater_equal_than_required", $"Must be no less than {min}.", new JsonObject { ["min"] = min }));
        }
    }
}
