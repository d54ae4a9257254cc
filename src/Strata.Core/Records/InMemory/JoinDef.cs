namespace Strata.Core.Records.InMemory;

/// <summary>
/// A LEFT JOIN of the statement: for a parent row (a <see cref="Record"/>, a json_each string, or null for a NULL
/// row) the rows it yields. An empty match yields exactly one NULL row, like a LEFT JOIN.
/// </summary>
/// <param name="Id">The position in the statement's join list.</param>
/// <param name="Parent">The join whose row feeds this one, or -1 for the scope's root row.</param>
/// <param name="Rows">The matching rows for a parent row (never empty).</param>
internal sealed record JoinDef(int Id, int Parent, Func<object?, IReadOnlyList<object?>> Rows)
{
    public static IReadOnlyList<object?> OrNull(IReadOnlyList<object?> rows) => rows.Count == 0 ? [null] : rows;
}
