using System.Data.Common;
using Strata.Core.Errors;
using Strata.Core.Storage;

namespace Strata.Core.Schema;

/// <summary>
/// Turns a change of one collection's definition (before → after) into DDL and runs it in the caller's
/// transaction, so a failed change leaves nothing half-applied on either engine.
/// </summary>
public static class SchemaDdl
{
    /// <summary>Applies the change. <paramref name="before"/> null creates; <paramref name="after"/> null drops.</summary>
    /// <param name="tx">The open transaction.</param>
    /// <param name="dialect">The engine's dialect.</param>
    /// <param name="before">The stored definition, or null.</param>
    /// <param name="after">The new definition, or null.</param>
    /// <param name="cancellationToken">Cancels the DDL.</param>
    public static async Task ApplyAsync(DbTransaction tx, IDialect dialect, Collection? before, Collection? after, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        foreach (var sql in Statements(dialect, before, after))
        {
            try
            {
                await SqlText.ExecuteAsync(tx, sql, null, cancellationToken);
            }
            catch (DbException e)
            {
                // DDL errors are the user's schema (e.g. a view query or an index that cannot be built on existing data).
                throw new StrataException(400, "Failed to apply the collection changes: " + FirstLine(e.Message), null);
            }
        }
    }

    /// <summary>The statements <see cref="ApplyAsync"/> runs, in order.</summary>
    /// <param name="dialect">The engine's dialect.</param>
    /// <param name="before">The stored definition, or null.</param>
    /// <param name="after">The new definition, or null.</param>
    public static IReadOnlyList<string> Statements(IDialect dialect, Collection? before, Collection? after)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var list = new List<string>();
        if (before is null && after is null)
        {
            return list;
        }

        if (after is null)
        {
            list.Add(Drop(dialect, before!));
            return list;
        }

        if (after.Type == CollectionType.View)
        {
            if (before is not null)
            {
                list.Add(Drop(dialect, before));
            }

            list.Add($"CREATE VIEW {dialect.Quote(after.Name)} AS {after.ViewQuery}");
            return list;
        }

        if (before is null || before.Type == CollectionType.View)
        {
            if (before is not null)
            {
                list.Add(Drop(dialect, before));
            }

            list.AddRange(dialect.CreateTable(after));
            list.AddRange(CreateIndexes(dialect, after));
            return list;
        }

        var table = dialect.Quote(after.Name);
        foreach (var index in before.Indexes)
        {
            list.Add("DROP INDEX IF EXISTS " + dialect.Quote(IndexDefinition.Parse(index).Name));
        }

        if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal))
        {
            list.Add($"ALTER TABLE {dialect.Quote(before.Name)} RENAME TO {table}");
        }

        var afterIds = after.Fields.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var old in before.Fields.Where(f => !afterIds.Contains(f.Id)))
        {
            list.Add($"ALTER TABLE {table} DROP COLUMN {dialect.Quote(old.Name)}");
        }

        var beforeById = before.Fields.ToDictionary(f => f.Id, StringComparer.Ordinal);
        foreach (var field in after.Fields)
        {
            if (!beforeById.TryGetValue(field.Id, out var old))
            {
                list.Add($"ALTER TABLE {table} ADD COLUMN {dialect.ColumnDefinition(field)}");
                continue;
            }

            if (!string.Equals(old.Name, field.Name, StringComparison.Ordinal))
            {
                list.Add($"ALTER TABLE {table} RENAME COLUMN {dialect.Quote(old.Name)} TO {dialect.Quote(field.Name)}");
            }

            if (old.IsMultiValued != field.IsMultiValued)
            {
                list.AddRange(dialect.ConvertCardinality(after.Name, field.Name, field.IsMultiValued));
            }
        }

        list.AddRange(CreateIndexes(dialect, after));
        return list;
    }

    private static IEnumerable<string> CreateIndexes(IDialect dialect, Collection collection) =>
        collection.Indexes.Select(i => dialect.CreateIndex(collection.Name, IndexDefinition.Parse(i)));

    private static string Drop(IDialect dialect, Collection c) =>
        (c.Type == CollectionType.View ? "DROP VIEW IF EXISTS " : "DROP TABLE IF EXISTS ") + dialect.Quote(c.Name);

    private static string FirstLine(string s)
    {
        var i = s.IndexOf('\n', StringComparison.Ordinal);
        return (i < 0 ? s : s[..i]).Trim();
    }
}
