namespace Strata.Filter.Sql;

/// <summary>
/// What an identifier means in SQL, as told by an <see cref="IFieldResolver"/>: either a constant the compiler
/// binds as a parameter, or an SQL expression valid in the scope of the statement being built.
/// </summary>
public sealed record ResolvedOperand
{
    /// <summary>The SQL expression, or null for a constant.</summary>
    public string? Sql { get; init; }

    /// <summary>True when the operand is a constant (<see cref="ConstantValue"/>), not SQL.</summary>
    public bool IsConstant { get; init; }

    /// <summary>
    /// The constant value: null, string, double, bool, or a list of those for a multi-valued constant
    /// (e.g. <c>@request.body.tags</c>). Other integral/decimal numbers are taken as double, DateTime/DateTimeOffset
    /// as canonical datetime text, anything else by its invariant ToString().
    /// </summary>
    public object? ConstantValue { get; init; }

    /// <summary>The storage type.</summary>
    public FilterValueType Type { get; init; } = FilterValueType.Any;

    /// <summary>
    /// True when the expression comes from a multi-valued join (multiple relation/select/file, non-unique
    /// back-relation, <c>@collection</c>, <c>:each</c>). Plain operators then require every value to match.
    /// </summary>
    public bool IsMultiValued { get; init; }

    /// <summary>
    /// For multi-valued operands: the fresh enumeration for the match-all check. Without it, plain operators on
    /// this operand behave like the <c>?</c> forms (at least one value).
    /// </summary>
    public MultiMatchSource? MultiMatch { get; init; }

    /// <summary>Creates a constant operand.</summary>
    /// <param name="value">null, string, double, bool, or a list of those.</param>
    /// <param name="type">Its type, when known.</param>
    public static ResolvedOperand Constant(object? value, FilterValueType type = FilterValueType.Any) =>
        new() { IsConstant = true, ConstantValue = value, Type = type };

    /// <summary>Creates a single-valued SQL operand.</summary>
    /// <param name="sql">The SQL expression.</param>
    /// <param name="type">Its storage type.</param>
    public static ResolvedOperand Column(string sql, FilterValueType type) => new() { Sql = sql, Type = type };
}
