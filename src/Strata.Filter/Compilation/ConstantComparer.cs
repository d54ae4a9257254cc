using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

/// <summary>Evaluates a comparison of two constants in C#, with the semantics the SQL would have.</summary>
internal static class ConstantComparer
{
    public static bool? Compare(Value left, ComparisonOperator op, Value right)
    {
        var a = left.Constant;
        var b = right.Constant;
        if (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
        {
            bool equal;
            if (!left.Strict && !right.Strict && (a is null or "" || b is null or ""))
                equal = a is null or "" && b is null or "";
            else if (a is null || b is null)
                equal = a is null && b is null;
            else
                equal = ClassCompare(a, b) == 0;
            return op == ComparisonOperator.Equal ? equal : !equal;
        }
        if (a is null || b is null)
            return null;
        var c = ClassCompare(a, b);
        return op switch
        {
            ComparisonOperator.Greater => c > 0,
            ComparisonOperator.GreaterOrEqual => c >= 0,
            ComparisonOperator.Less => c < 0,
            _ => c <= 0,
        };
    }

    /// <summary>SQLite order of values without affinity: numbers (booleans as 1/0) before text, text in byte order.</summary>
    private static int ClassCompare(object a, object b)
    {
        var ca = a is string ? 2 : 1;
        var cb = b is string ? 2 : 1;
        if (ca != cb)
            return ca.CompareTo(cb);
        return ca == 1
            ? FilterValueRules.ToNumber(a)!.Value.CompareTo(FilterValueRules.ToNumber(b)!.Value)
            : FilterValueRules.CompareBytes((string)a, (string)b);
    }
}
