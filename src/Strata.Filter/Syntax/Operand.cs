namespace Strata.Filter.Syntax;

/// <summary>An operand of a comparison: identifier, number, text or function call.</summary>
public abstract record Operand
{
    /// <summary>Prints the operand as filter source.</summary>
    /// <returns>Source text that parses back to this operand.</returns>
    public abstract override string ToString();
}
