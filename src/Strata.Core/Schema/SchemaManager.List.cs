using Strata.Core.Errors;
using Strata.Core.Storage;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

public sealed partial class SchemaManager
{
    private static readonly Dictionary<string, (string Sql, FilterValueType Type)> ListColumns = new(StringComparer.Ordinal)
    {
        ["id"] = ("id", FilterValueType.Text),
        ["name"] = ("name", FilterValueType.Text),
        ["type"] = ("type", FilterValueType.Text),
        ["system"] = ("system", FilterValueType.Bool),
        ["created"] = ("created", FilterValueType.Text),
        ["updated"] = ("updated", FilterValueType.Text),
    };

    /// <summary>Lists collections for <c>GET /api/collections</c>: filter and sort on id, name, type, system, created, updated.</summary>
    /// <param name="filter">The filter, or null.</param>
    /// <param name="sort">The sort, or null.</param>
    /// <param name="page">The 1-based page.</param>
    /// <param name="perPage">The page size.</param>
    /// <param name="skipTotal">Skip the count.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<(long Total, IReadOnlyList<Collection> Items)> ListAsync(string? filter, string? sort, int page, int perPage, bool skipTotal, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var resolver = new ColumnResolver(ListColumns);
        string where = "";
        var order = new List<string>();
        try
        {
            if (!string.IsNullOrWhiteSpace(filter))
            {
                where = " WHERE " + FilterCompiler.Compile(FilterParser.Parse(filter), resolver, _db.Dialect.Filter, p, _clock.GetUtcNow());
            }

            if (!string.IsNullOrWhiteSpace(sort))
            {
                foreach (var item in SortParser.Parse(sort))
                {
                    if (item.Identifier == "@random")
                    {
                        order.Add(_db.Dialect.Name == "postgres" ? "random()" : "RANDOM()");
                        continue;
                    }

                    var operand = resolver.Resolve(item.Identifier) ?? throw new FilterException("Invalid sort field.");
                    order.Add(operand.Sql + (item.Descending ? " DESC" : " ASC"));
                }
            }
        }
        catch (FilterException)
        {
            throw StrataException.BadRequest("Something went wrong while processing your request.");
        }

        order.Add("created ASC");
        order.Add("id ASC");
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        long total = -1;
        if (!skipTotal)
        {
            await using var count = SqlText.Command(conn, $"SELECT COUNT(*) FROM {SystemTables.Collections}{where}", p);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        var sql = $"SELECT definition FROM {SystemTables.Collections}{where} ORDER BY {string.Join(", ", order)}{SqlText.Limit(perPage)} OFFSET {p.Add((long)(page - 1) * perPage)}";
        await using var cmd = SqlText.Command(conn, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var items = new List<Collection>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(CollectionStorage.Deserialize(reader.GetString(0)));
        }

        return (total, items);
    }
}
