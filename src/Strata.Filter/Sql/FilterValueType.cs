namespace Strata.Filter.Sql;

/// <summary>
/// The storage type of a resolved operand. The compiler uses it to cast literals to the column's type and to
/// pick the comparison semantics of contract §3.4 identically on every dialect.
/// </summary>
public enum FilterValueType
{
    /// <summary>Unknown or untyped (e.g. a NULL constant, an <c>@request.query</c> value).</summary>
    Any,
    /// <summary>Text, compared in byte order.</summary>
    Text,
    /// <summary>A float64 number.</summary>
    Number,
    /// <summary>A boolean (true/false, equal to 1/0).</summary>
    Bool,
    /// <summary>A datetime, compared through its canonical text <c>YYYY-MM-DD HH:MM:SS.sssZ</c>; empty is NULL or ''.</summary>
    Date,
    /// <summary>A JSON value: strict null-safe identity, no empty/NULL folding.</summary>
    Json,
}
