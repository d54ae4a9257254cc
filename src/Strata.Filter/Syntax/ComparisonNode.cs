namespace Strata.Filter.Syntax;

/// <summary>One condition: <c>operand SIGN operand</c>.</summary>
/// <param name="Left">The left operand.</param>
/// <param name="Operator">The sign.</param>
/// <param name="Right">The right operand.</param>
public sealed record ComparisonNode(Operand Left, ComparisonOperator Operator, Operand Right) : FilterNode
{
    /// <inheritdoc />
    public override string ToString() => $"{Left} {Operator.ToSign()} {Right}";
}
