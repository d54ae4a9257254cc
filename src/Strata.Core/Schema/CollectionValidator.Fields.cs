using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

public static partial class CollectionValidator
{
    private static readonly string[] ReservedFieldNames = ["null", "true", "false", "_rowid_", "collectionId", "collectionName", "expand"];

    private static void CheckFields(Collection c, Collection? old, IReadOnlyCollection<Collection> all, ValidationErrors errors)
    {
        // Removals first: they are reported on "fields" itself, which must not already hold per-index errors.
        if (old is not null)
        {
            foreach (var of in old.Fields)
            {
                if (of.System && c.FindFieldById(of.Id) is null)
                {
                    errors.Add("fields", new FieldError("validation_system_field_remove", $"System field \"{of.Name}\" cannot be removed."));
                }
            }
        }

        CheckPrimaryKey(c, errors);
        // On update the system-field protection below already covers the auth fields, with a precise path.
        if (c.Type == CollectionType.Auth && old is null)
        {
            CheckAuthFields(c, errors);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < c.Fields.Count; i++)
        {
            var f = c.Fields[i];
            var path = "fields." + i;
            if (f.Id.Length == 0)
            {
                errors.Add(path + ".id", FieldError.Required());
            }
            else if (f.Id.Length > 100)
            {
                errors.Add(path + ".id", new FieldError("validation_length_too_long", "Must be no more than 100 characters.", new JsonObject { ["max"] = 100 }));
            }
            else if (!ids.Add(f.Id))
            {
                errors.Add(path + ".id", new FieldError("validation_duplicated_field_id", "Duplicated field id."));
            }

            CheckFieldName(f, path, names, errors);
            var of = old?.FindFieldById(f.Id);
            if (of is not null)
            {
                if (!string.Equals(of.Type, f.Type, StringComparison.Ordinal))
                {
                    errors.Add(path + ".type", new FieldError("validation_field_type_change", "Field type cannot be changed."));
                }

                if (of.System && !string.Equals(of.Name, f.Name, StringComparison.Ordinal))
                {
                    errors.Add(path + ".name", new FieldError("validation_system_field_change", "System field name cannot be changed."));
                }

                if (of.System && !f.System)
                {
                    errors.Add(path + ".system", new FieldError("validation_system_field_change", "System field state cannot be changed."));
                }
            }

            f.ValidateOptions(new FieldOptionsContext(path, of, c, all, errors));
        }
    }

    private static void CheckFieldName(Field f, string path, HashSet<string> names, ValidationErrors errors)
    {
        var name = f.Name;
        if (name.Length == 0)
        {
            errors.Add(path + ".name", FieldError.Required());
        }
        else if (!WordPattern().IsMatch(name))
        {
            errors.Add(path + ".name", new FieldError("validation_match_invalid", "Must contain only letters, numbers and underscores."));
        }
        else if (name.Length > 255)
        {
            errors.Add(path + ".name", new FieldError("validation_length_too_long", "Must be no more than 255 characters.", new JsonObject { ["max"] = 255 }));
        }
        else if (ReservedFieldNames.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(path + ".name", new FieldError("validation_not_in_invalid", $"The name \"{name}\" is reserved."));
        }
        else if (name.Contains("_via_", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(path + ".name", new FieldError("validation_invalid_name", "Must not contain \"_via_\"."));
        }
        else if (!names.Add(name))
        {
            errors.Add(path + ".name", new FieldError("validation_duplicated_field_name", "Duplicated or invalid field name."));
        }
    }

    private static void CheckPrimaryKey(Collection c, ValidationErrors errors)
    {
        var idField = c.FindField("id");
        if (c.Type == CollectionType.View)
        {
            // View fields come from the query; Core may validate before deriving them.
            if (c.Fields.Count > 0 && idField is null)
            {
                errors.Add("fields", new FieldError("validation_missing_primary_key", "The view query must return an \"id\" column."));
            }

            return;
        }

        if (idField is null)
        {
            errors.Add("fields", new FieldError("validation_missing_primary_key", "The \"id\" field is missing."));
        }

        for (var i = 0; i < c.Fields.Count; i++)
        {
            var f = c.Fields[i];
            var isId = ReferenceEquals(f, idField);
            if (isId && (f is not TextField { PrimaryKey: true }))
            {
                errors.Add("fields." + i + ".primaryKey", new FieldError("validation_invalid_primary_key", "The \"id\" field must be a text primary key."));
            }
            else if (isId && i != 0)
            {
                errors.Add("fields." + i + ".name", new FieldError("validation_invalid_primary_key", "The \"id\" field must be the first field."));
            }
            else if (!isId && f is TextField { PrimaryKey: true })
            {
                errors.Add("fields." + i + ".primaryKey", new FieldError("validation_invalid_primary_key", "Only the \"id\" field can be the primary key."));
            }
        }
    }

    private static void CheckAuthFields(Collection c, ValidationErrors errors)
    {
        foreach (var expected in CollectionDefaults.AuthSystemFields())
        {
            var actual = c.FindField(expected.Name);
            if (actual is null)
            {
                errors.Add("fields", new FieldError("validation_missing_auth_field", $"Auth collections need the system field \"{expected.Name}\"."));
            }
            else if (!string.Equals(actual.Type, expected.Type, StringComparison.Ordinal))
            {
                errors.Add("fields." + c.Fields.IndexOf(actual) + ".type",
                    new FieldError("validation_invalid_auth_field", $"The auth field \"{expected.Name}\" must be of type {expected.Type}."));
            }
        }
    }
}
