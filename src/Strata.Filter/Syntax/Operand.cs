namespace Strata.Filter.Syntax;

/// <summary>An operand of a comparison: identifier, number, text or function call.</summary>
public abstract record Operand;
