using Strata.Core.Errors;

namespace Strata.Core.Schema;

public static partial class CollectionValidator
{
    private static void CheckIndexes(Collection c, List<Collection> others, ValidationErrors errors)
    {
        if (c.Type == CollectionType.View && c.Indexes.Count > 0)
        {
            errors.Add("indexes", new FieldError("validation_view_indexes", "View collections don't support indexes."));
            return;
        }

        var otherNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var o in others)
        {
            foreach (var raw in o.Indexes)
            {
                if (IndexDefinition.TryParse(raw, out var d))
                {
                    otherNames.Add(d.Name);
                }
            }
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < c.Indexes.Count; i++)
        {
            var path = "indexes." + i;
            if (!IndexDefinition.TryParse(c.Indexes[i], out var def, out var why))
            {
                errors.Add(path, new FieldError("validation_invalid_index_expression", why));
                continue;
            }

            if (!string.Equals(def.Table, c.Name, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(path, new FieldError("validation_invalid_index_table", $"The index must be on the table \"{c.Name}\"."));
            }
            else if (!names.Add(def.Name) || otherNames.Contains(def.Name))
            {
                errors.Add(path, new FieldError("validation_existing_index_name", "Index name must be unique."));
            }
            else if (def.Columns.FirstOrDefault(col => !c.Fields.Any(f => string.Equals(f.Name, col.Name, StringComparison.OrdinalIgnoreCase))) is { } missing)
            {
                errors.Add(path, new FieldError("validation_invalid_index_column", $"Index column \"{missing.Name}\" is not a field of the collection."));
            }
        }
    }
}
