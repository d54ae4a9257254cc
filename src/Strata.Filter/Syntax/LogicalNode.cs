namespace Strata.Filter.Syntax;

/// <summary><c>left &amp;&amp; right</c> or <c>left || right</c>.</summary>
/// <param name="Left">The left side.</param>
/// <param name="Operator">The join.</param>
/// <param name="Right">The right side.</param>
public sealed record LogicalNode(FilterNode Left, LogicalOperator Operator, FilterNode Right) : FilterNode
{
    /// <inheritdoc />
    public override string ToString()
    {
        var join = Operator == LogicalOperator.And ? " && " : " || ";
        return Side(Left) + join + Side(Right);
    }

    // The parser never puts an || directly under an && (it would be a GroupNode), so parentheses appear only
    // for hand-built trees, where printing without them would change the meaning.
    private string Side(FilterNode side) =>
        Operator == LogicalOperator.And && side is LogicalNode { Operator: LogicalOperator.Or } ? $"({side})" : side.ToString();
}
