using System.Data.Common;
using System.Text.RegularExpressions;
using Strata.Core.Errors;
using Strata.Core.Storage;

namespace Strata.Core.Schema;

/// <summary>
/// Derives a view collection's fields from its query (contract §2.2): each result column mirrors the field of the
/// same name in a collection the query reads from; other (expression) columns become <c>json</c>. The query must
/// return an <c>id</c> column.
/// </summary>
public static partial class ViewFields
{
    /// <summary>Reads the view's columns (inside the transaction that created it) and builds its fields.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="dialect">The dialect.</param>
    /// <param name="view">The view collection (its view must exist in <paramref name="tx"/>).</param>
    /// <param name="all">All collections, to find source fields.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <exception cref="StrataException">400 at <c>viewQuery</c> when there is no <c>id</c> column or names repeat.</exception>
    public static async Task<List<Field>> DeriveAsync(DbTransaction tx, IDialect dialect, Collection view, IReadOnlyCollection<Collection> all, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(view);
        var sources = SourceRegex().Matches(view.ViewQuery)
            .Select(m => all.FirstOrDefault(c => string.Equals(c.Name, m.Groups[1].Value, StringComparison.OrdinalIgnoreCase)))
            .OfType<Collection>()
            .ToList();
        var columns = new List<string>();
        var errors = new ValidationErrors();
        try
        {
            // SQLite creates a view over a missing table without complaint; reading it is what fails.
            await using var cmd = SqlText.Command(tx.Connection!, $"SELECT * FROM {dialect.Quote(view.Name)} LIMIT 0", null, tx);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                columns.Add(reader.GetName(i));
            }
        }
        catch (DbException e)
        {
            errors.Add("viewQuery", new FieldError("validation_invalid_view_query", "The view query failed: " + e.Message.Split('\n')[0]));
            errors.ThrowIfAny("Failed to save the view collection.");
        }

        if (!columns.Contains("id"))
        {
            errors.Add("viewQuery", new FieldError("validation_missing_view_id", "The view query must return an id column."));
        }

        if (columns.Distinct(StringComparer.OrdinalIgnoreCase).Count() != columns.Count)
        {
            errors.Add("viewQuery", new FieldError("validation_duplicate_view_column", "The view query returns the same column name twice."));
        }

        if (columns.Any(c => !NameRegex().IsMatch(c)))
        {
            errors.Add("viewQuery", new FieldError("validation_invalid_view_column", "Every view column needs a plain name (use AS)."));
        }

        errors.ThrowIfAny("Failed to save the view collection.");
        var existing = view.Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var fields = new List<Field>();
        foreach (var name in columns)
        {
            Field field;
            if (name == "id")
            {
                field = CollectionDefaults.IdField();
                ((TextField)field).AutogeneratePattern = "";
                ((TextField)field).Pattern = "";
                ((TextField)field).Min = 0;
            }
            else if (sources.Select(s => s.FindField(name)).FirstOrDefault(f => f is not null and not PasswordField) is { } source)
            {
                field = source.Clone();
                field.System = false;
            }
            else
            {
                // Expression columns: their type differs between engines, JSON holds any of them alike.
                field = new JsonField();
            }

            field.Name = name;
            // Keep the ids of fields the view already had, so clients referencing them by id keep working.
            field.Id = existing.TryGetValue(name, out var old) && old.Type == field.Type ? old.Id : CollectionIds.ForField(field.Type, name);
            fields.Add(field);
        }

        return fields;
    }

    [GeneratedRegex(@"\b(?:FROM|JOIN)\s+[`""\[]?(\w+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceRegex();

    [GeneratedRegex(@"^\w+$", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
