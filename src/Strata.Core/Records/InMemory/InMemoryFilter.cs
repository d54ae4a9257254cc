using Strata.Filter;
using Strata.Filter.Syntax;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// Evaluates a filter or API rule over in-memory records with exactly the semantics of the compiled SQL
/// (<see cref="RecordQuery"/> on SQLite and PostgreSQL): the record matches when <em>some</em> combination of the
/// rows of its LEFT JOINs (relations, back-relations, <c>:each</c>, <c>@collection</c>, <c>@request.auth</c>)
/// makes the expression true, where a join with no match contributes one NULL row and equal paths share one join;
/// plain operators on multi-valued operands must also hold for every value of a fresh enumeration (contract
/// §3.8). Comparisons follow contract §3.4 with SQLite's value semantics. Meant for realtime fan-out and as the
/// oracle of the differential tests.
/// </summary>
public static class InMemoryFilter
{
    /// <summary>Tells whether <paramref name="record"/> satisfies <paramref name="node"/>.</summary>
    /// <param name="node">The parsed filter (see <see cref="FilterParser.Parse"/>).</param>
    /// <param name="record">The record, of a collection in <see cref="InMemoryContext.Schema"/>.</param>
    /// <param name="ctx">The records, request, clock and options.</param>
    /// <returns>True when the record matches; false when the expression is false or unknown (NULL).</returns>
    /// <exception cref="FilterException">The expression is invalid for the collection (same cases as the SQL path).</exception>
    public static bool Matches(FilterNode node, Record record, InMemoryContext ctx)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(ctx);
        var builder = new PlanBuilder(ctx);
        var predicate = builder.Node(node, new Scope(record.Collection, -1, "", ctx.Options));
        var binding = new Binding(record, builder.Joins.Count);
        return Search(builder, predicate, binding, 0);
    }

    /// <summary>Parses <paramref name="filter"/> and evaluates it; an empty filter matches everything.</summary>
    /// <param name="filter">The filter text.</param>
    /// <param name="record">The record.</param>
    /// <param name="ctx">The records, request, clock and options.</param>
    /// <returns>True when the record matches.</returns>
    /// <exception cref="FilterException">The expression is invalid.</exception>
    public static bool Matches(string filter, Record record, InMemoryContext ctx)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Trim().Length == 0 || Matches(FilterParser.Parse(filter), record, ctx);
    }

    /// <summary>Depth-first over the joins in statement order: one row of each per level.</summary>
    private static bool Search(PlanBuilder plan, Func<Binding, bool?> predicate, Binding binding, int level)
    {
        if (level == plan.Joins.Count)
        {
            return predicate(binding) == true && plan.Extras.All(extra => extra(binding) == true);
        }

        var join = plan.Joins[level];
        foreach (var row in join.Rows(binding.Row(join.Parent)))
        {
            binding.Rows[level] = row;
            if (Search(plan, predicate, binding, level + 1))
            {
                return true;
            }
        }

        return false;
    }
}
