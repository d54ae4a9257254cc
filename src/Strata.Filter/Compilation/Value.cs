using Strata.Filter.Sql;

namespace Strata.Filter.Compilation;

/// <summary>
/// A resolved operand: a constant (bound as a parameter when it reaches SQL) or an SQL expression with its type.
/// </summary>
internal sealed record Value
{
    public bool IsConstant { get; init; }

    /// <summary>Scalar constant: null, string, double or bool.</summary>
    public object? Constant { get; init; }

    /// <summary>A multi-valued constant (e.g. <c>@request.body.tags</c>): each item is a scalar.</summary>
    public IReadOnlyList<object?>? List { get; init; }

    public string Sql { get; init; } = "";

    public FilterValueType Type { get; init; } = FilterValueType.Any;

    /// <summary>JSON values and geoDistance results compare by strict identity, without empty/NULL folding.</summary>
    public bool Strict { get; init; }

    public bool IsMultiValued { get; init; }

    public MultiMatchSource? MultiMatch { get; init; }

    public static Value Const(object? value, FilterValueType type = FilterValueType.Any) =>
        new() { IsConstant = true, Constant = value, Type = type, Strict = type == FilterValueType.Json };

    public static Value Column(string sql, FilterValueType type, bool strict = false) =>
        new() { Sql = sql, Type = type, Strict = strict || type == FilterValueType.Json };

    /// <summary>True when the match-all check applies (a multi-valued SQL operand with its own enumeration).</summary>
    public bool NeedsMatchAll => !IsConstant && IsMultiValued && MultiMatch is not null;

    /// <summary>The same operand as seen inside its <see cref="MultiMatch"/> enumeration.</summary>
    public Value AsMultiMatchValue() => this with { Sql = MultiMatch!.ValueSql, IsMultiValued = false, MultiMatch = null };
}
