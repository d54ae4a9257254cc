using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

/// <summary>
/// One compilation of an AST into a boolean SQL expression. The semantics are SQLite's (with Strata's typed
/// storage) and every choice is made in C# so that both dialects evaluate to the same result per row.
/// </summary>
internal sealed partial class FilterCompilation(
    IFieldResolver resolver, ISqlDialect dialect, SqlParameters parameters, DateTimeOffset now)
{
    private readonly ISqlDialect _d = dialect;

    public string Node(FilterNode node) => node switch
    {
        LogicalNode l => $"({Node(l.Left)} {(l.Operator == LogicalOperator.And ? "AND" : "OR")} {Node(l.Right)})",
        GroupNode g => Node(g.Inner),
        ComparisonNode c => Comparison(c),
        _ => throw new FilterException("Invalid filter: unsupported expression."),
    };

    private string Comparison(ComparisonNode node)
    {
        var left = Operand(node.Left);
        var right = Operand(node.Right);
        return Expand(left, right, node.Operator.ToPlain(), node.Operator.IsAny());
    }

    /// <summary>Spreads multi-valued constants (any: OR, all: AND), then applies the match-all rule of §3.8.</summary>
    private string Expand(Value left, Value right, ComparisonOperator op, bool any)
    {
        if (left.List is { } leftItems)
            return Combine(leftItems, item => Expand(Value.Const(item, left.Type), right, op, any), any);
        if (right.List is { } rightItems)
            return Combine(rightItems, item => Expand(left, Value.Const(item, right.Type), op, any), any);

        var condition = Condition(left, op, right);
        if (any || (!left.NeedsMatchAll && !right.NeedsMatchAll))
            return condition;

        var from = left.NeedsMatchAll && right.NeedsMatchAll
            ? $"{left.MultiMatch!.From} CROSS JOIN {right.MultiMatch!.From}"
            : left.NeedsMatchAll ? left.MultiMatch!.From : right.MultiMatch!.From;
        var each = Condition(
            left.NeedsMatchAll ? left.AsMultiMatchValue() : left,
            op,
            right.NeedsMatchAll ? right.AsMultiMatchValue() : right);
        return $"({condition} AND NOT EXISTS (SELECT 1 FROM {from} WHERE {_d.IsNotTrue(each)}))";
    }

    private static string Combine(IReadOnlyList<object?> items, Func<object?, string> each, bool any)
    {
        // No values behaves like one NULL value (§3.8: an empty relation yields NULL).
        IReadOnlyList<object?> values = items.Count == 0 ? [null] : items;
        return "(" + string.Join(any ? " OR " : " AND ", values.Select(each)) + ")";
    }

    private string Condition(Value left, ComparisonOperator op, Value right)
    {
        if (op is ComparisonOperator.Like or ComparisonOperator.NotLike)
            return Like(left, right, op == ComparisonOperator.NotLike);
        if (left.IsConstant && right.IsConstant)
            return Bool(ConstantComparer.Compare(left, op, right));
        if (left.Strict || right.Strict)
            return Strict(left, op, right);
        if (left.IsConstant)
            return Condition(right, Mirror(op), left);
        return right.IsConstant ? ColumnVsConstant(left, op, right.Constant) : ColumnVsColumn(left, op, right);
    }

    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        _ => op,
    };

    private static string Sign(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    private static bool IsEquality(ComparisonOperator op) => op is ComparisonOperator.Equal or ComparisonOperator.NotEqual;

    /// <summary>The constant result of comparing SQLite storage classes: numbers sort before text.</summary>
    private static bool ClassOrder(int leftClass, ComparisonOperator op, int rightClass) => op switch
    {
        ComparisonOperator.Greater => leftClass > rightClass,
        ComparisonOperator.GreaterOrEqual => leftClass >= rightClass,
        ComparisonOperator.Less => leftClass < rightClass,
        _ => leftClass <= rightClass,
    };

    private string Bool(bool? value) => _d.Boolean(value);

    private string Param(object value) => parameters.Add(value);

    /// <summary>TRUE (or FALSE) unless one of the tested operands is NULL, which gives NULL, like a plain comparison.</summary>
    private string UnlessNull(bool result, IReadOnlyList<string> nullTests)
    {
        if (nullTests.Count == 0)
            return Bool(result);
        var anyNull = "(" + string.Join(" OR ", nullTests) + ")";
        return result ? $"(NOT {anyNull} OR {Bool(null)})" : $"({anyNull} AND {Bool(null)})";
    }

    private static bool IsEmpty(object? value) => value is null or "";
}
