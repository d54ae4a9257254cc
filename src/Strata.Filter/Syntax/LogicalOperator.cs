namespace Strata.Filter.Syntax;

/// <summary>The join between two filter groups.</summary>
public enum LogicalOperator
{
    /// <summary><c>&amp;&amp;</c>, binds tighter than <see cref="Or"/>.</summary>
    And,

    /// <summary><c>||</c>.</summary>
    Or,
}
