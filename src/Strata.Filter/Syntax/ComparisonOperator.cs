namespace Strata.Filter.Syntax;

/// <summary>
/// The comparison signs of contract §3.1. The <c>Any*</c> members are the <c>?</c> forms: at least one value of a
/// multi-valued operand must satisfy the condition, where the plain form requires every value to.
/// </summary>
public enum ComparisonOperator
{
    /// <summary><c>=</c></summary>
    Equal,
    /// <summary><c>!=</c></summary>
    NotEqual,
    /// <summary><c>&gt;</c></summary>
    Greater,
    /// <summary><c>&gt;=</c></summary>
    GreaterOrEqual,
    /// <summary><c>&lt;</c></summary>
    Less,
    /// <summary><c>&lt;=</c></summary>
    LessOrEqual,
    /// <summary><c>~</c> (contains / LIKE)</summary>
    Like,
    /// <summary><c>!~</c></summary>
    NotLike,
    /// <summary><c>?=</c></summary>
    AnyEqual,
    /// <summary><c>?!=</c></summary>
    AnyNotEqual,
    /// <summary><c>?&gt;</c></summary>
    AnyGreater,
    /// <summary><c>?&gt;=</c></summary>
    AnyGreaterOrEqual,
    /// <summary><c>?&lt;</c></summary>
    AnyLess,
    /// <summary><c>?&lt;=</c></summary>
    AnyLessOrEqual,
    /// <summary><c>?~</c></summary>
    AnyLike,
    /// <summary><c>?!~</c></summary>
    AnyNotLike,
}
