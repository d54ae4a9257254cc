using System.Data.Common;
using System.Text.RegularExpressions;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;

namespace Strata.Core.Records;

public sealed partial class RecordService
{
    private const int MaxBackRelations = 1000;

    /// <summary>
    /// Expands relations of <paramref name="records"/> in place: one query per relation per level, each filtered by the
    /// related collection's view rule for the requester (context <c>expand</c>). Invalid paths are ignored.
    /// </summary>
    /// <param name="conn">An open connection.</param>
    /// <param name="tx">The transaction open on <paramref name="conn"/>, if any.</param>
    /// <param name="records">The records.</param>
    /// <param name="expand">The expand parameter.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public async Task ExpandAsync(DbConnection conn, DbTransaction? tx, IReadOnlyList<Record> records, string expand, RequestInfo request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(request);
        await ExpandLevelAsync(conn, tx, records, ExpandPaths.Parse(expand), request.WithContext("expand"), cancellationToken);
    }

    private async Task ExpandLevelAsync(DbConnection conn, DbTransaction? tx, IReadOnlyList<Record> records, ExpandPaths paths, RequestInfo request, CancellationToken cancellationToken)
    {
        foreach (var r in records)
        {
            r.Expand ??= [];
        }

        if (records.Count == 0)
        {
            return;
        }

        // Records of one level may come from several collections (back-relations of mixed parents never mix, but be safe).
        foreach (var group in records.GroupBy(r => r.Collection))
        {
            var collection = group.Key;
            var list = group.ToList();
            foreach (var (name, sub) in paths.Children)
            {
                var expanded = collection.FindField(name) is RelationField rel
                    ? await ExpandRelationAsync(conn, tx, list, rel, request, cancellationToken)
                    : await ExpandBackRelationAsync(conn, tx, list, collection, name, request, cancellationToken);
                if (expanded is not null && expanded.Count > 0 && sub.Children.Count > 0)
                {
                    await ExpandLevelAsync(conn, tx, expanded, sub, request, cancellationToken);
                }
            }
        }
    }

    private async Task<List<Record>?> ExpandRelationAsync(DbConnection conn, DbTransaction? tx, List<Record> records, RelationField rel, RequestInfo request, CancellationToken cancellationToken)
    {
        var target = _schema.Current.Find(rel.CollectionId);
        if (target is null || (!request.IsSuperuser && target.ViewRule is null))
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            foreach (var id in Ids(r.Get(rel.Name)))
            {
                ids.Add(id);
            }
        }

        if (ids.Count == 0)
        {
            return null;
        }

        var query = NewQuery(target, request);
        query.WhereSql(_db.Dialect.InList(query.Alias + ".\"id\"", ids, query.Parameters));
        if (!TryAddViewRule(query, target, request))
        {
            return null;
        }

        await using var cmd = SqlText.Command(conn, query.SelectSql(null), query.Parameters, tx);
        var found = (await ReadAsync(cmd, target, cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var r in records)
        {
            var related = Ids(r.Get(rel.Name)).Where(found.ContainsKey).Select(id => found[id]).ToList();
            if (rel.IsMultiValued)
            {
                if (related.Count > 0)
                {
                    r.Expand![rel.Name] = related;
                }
            }
            else if (related.Count > 0)
            {
                r.Expand![rel.Name] = related[^1];
            }
        }

        return [.. found.Values];
    }

    private async Task<List<Record>?> ExpandBackRelationAsync(DbConnection conn, DbTransaction? tx, List<Record> records, Collection collection, string name, RequestInfo request, CancellationToken cancellationToken)
    {
        var m = ViaRegex().Match(name);
        if (!m.Success)
        {
            m = LegacyViaRegex().Match(name);
        }

        if (!m.Success)
        {
            return null;
        }

        var back = _schema.Current.Find(m.Groups[1].Value);
        if (back is null || back.FindField(m.Groups[2].Value) is not RelationField backField || backField.CollectionId != collection.Id ||
            (!request.IsSuperuser && back.ViewRule is null))
        {
            return null;
        }

        var parentIds = records.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var query = NewQuery(back, request);
        var column = query.Alias + "." + _db.Dialect.Quote(backField.Name);
        query.WhereSql(backField.IsMultiValued
            ? _db.Dialect.JsonArrayContainsAny(column, parentIds, query.Parameters)
            : _db.Dialect.InList(column, parentIds, query.Parameters));
        if (!TryAddViewRule(query, back, request))
        {
            return null;
        }

        await using var cmd = SqlText.Command(conn, query.SelectSql(null), query.Parameters, tx);
        var found = await ReadAsync(cmd, back, cancellationToken);
        var single = !backField.IsMultiValued && back.Indexes.Select(IndexDefinition.Parse).Any(i =>
            i.Unique && i.Columns.Count == 1 && string.Equals(i.Columns[0].Name, backField.Name, StringComparison.OrdinalIgnoreCase) &&
            string.IsNullOrWhiteSpace(i.Where));
        foreach (var r in records)
        {
            var children = found.Where(f => Ids(f.Get(backField.Name)).Contains(r.Id)).Take(MaxBackRelations).ToList();
            if (children.Count == 0)
            {
                continue;
            }

            r.Expand![name] = single ? children[0] : children;
        }

        return found;
    }

    private static bool TryAddViewRule(RecordQuery query, Collection target, RequestInfo request)
    {
        if (request.IsSuperuser || string.IsNullOrWhiteSpace(target.ViewRule))
        {
            return true;
        }

        try
        {
            query.Where(target.ViewRule, ResolverOptions.Rule, "r");
            return true;
        }
        catch (FilterException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Ids(object? value) => value switch
    {
        string s when s.Length > 0 => [s],
        IReadOnlyList<string> list => list,
        _ => [],
    };

    [GeneratedRegex(@"^(\w+)_via_(\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ViaRegex();

    [GeneratedRegex(@"^(\w+)\((\w+)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyViaRegex();
}
