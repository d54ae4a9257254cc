namespace Strata.Filter.Syntax;

/// <summary><c>left &amp;&amp; right</c> or <c>left || right</c>.</summary>
/// <param name="Left">The left side.</param>
/// <param name="Operator">The join.</param>
/// <param name="Right">The right side.</param>
public sealed record LogicalNode(FilterNode Left, LogicalOperator Operator, FilterNode Right) : FilterNode;
