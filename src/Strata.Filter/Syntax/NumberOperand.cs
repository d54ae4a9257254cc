namespace Strata.Filter.Syntax;

/// <summary>A numeric literal.</summary>
/// <param name="Value">The parsed value.</param>
/// <param name="Text">The literal as written, used to print the tree back.</param>
public sealed record NumberOperand(double Value, string Text) : Operand
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
