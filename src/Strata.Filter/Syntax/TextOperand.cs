namespace Strata.Filter.Syntax;

/// <summary>A quoted text literal, already unescaped.</summary>
/// <param name="Value">The text value.</param>
public sealed record TextOperand(string Value) : Operand;
