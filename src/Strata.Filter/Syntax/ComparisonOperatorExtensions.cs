namespace Strata.Filter.Syntax;

/// <summary>Conversions between <see cref="ComparisonOperator"/> and its source sign.</summary>
public static class ComparisonOperatorExtensions
{
    /// <summary>The sign as written in filter source, e.g. <c>?!=</c>.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The sign text.</returns>
    public static string ToSign(this ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "!=",
        ComparisonOperator.Greater => ">",
        ComparisonOperator.GreaterOrEqual => ">=",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Like => "~",
        ComparisonOperator.NotLike => "!~",
        ComparisonOperator.AnyEqual => "?=",
        ComparisonOperator.AnyNotEqual => "?!=",
        ComparisonOperator.AnyGreater => "?>",
        ComparisonOperator.AnyGreaterOrEqual => "?>=",
        ComparisonOperator.AnyLess => "?<",
        ComparisonOperator.AnyLessOrEqual => "?<=",
        ComparisonOperator.AnyLike => "?~",
        ComparisonOperator.AnyNotLike => "?!~",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    /// <summary>Parses a sign; returns false when the text is not one of the sixteen signs.</summary>
    /// <param name="sign">The sign text.</param>
    /// <param name="op">The operator, when valid.</param>
    /// <returns>True when <paramref name="sign"/> is a valid sign.</returns>
    public static bool TryParseSign(ReadOnlySpan<char> sign, out ComparisonOperator op)
    {
        var any = sign.Length > 0 && sign[0] == '?';
        var rest = any ? sign[1..] : sign;
        ComparisonOperator? plain = rest switch
        {
            "=" => ComparisonOperator.Equal,
            "!=" => ComparisonOperator.NotEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            "~" => ComparisonOperator.Like,
            "!~" => ComparisonOperator.NotLike,
            _ => null,
        };
        op = plain is { } p ? (any ? p.ToAny() : p) : default;
        return plain is not null;
    }

    /// <summary>True for the <c>?</c> ("at least one value") forms.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>Whether the operator is an any-form.</returns>
    public static bool IsAny(this ComparisonOperator op) => op >= ComparisonOperator.AnyEqual;

    /// <summary>The plain form of an operator (<c>?=</c> becomes <c>=</c>).</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The operator without its any-marker.</returns>
    public static ComparisonOperator ToPlain(this ComparisonOperator op) =>
        op.IsAny() ? (ComparisonOperator)(op - ComparisonOperator.AnyEqual) : op;

    /// <summary>The <c>?</c> form of an operator.</summary>
    /// <param name="op">The operator.</param>
    /// <returns>The any-form.</returns>
    public static ComparisonOperator ToAny(this ComparisonOperator op) =>
        op.IsAny() ? op : op + (int)ComparisonOperator.AnyEqual;
}
