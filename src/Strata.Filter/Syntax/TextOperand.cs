namespace Strata.Filter.Syntax;

/// <summary>A quoted text literal, already unescaped.</summary>
/// <param name="Value">The text value.</param>
public sealed record TextOperand(string Value) : Operand
{
    /// <summary>
    /// Prints the literal in double quotes (single quotes when that needs fewer escapes). The scanner unescapes
    /// only <c>\</c> followed by the quote char, so escaping the quote char is the whole job. A value ending in
    /// a backslash cannot be written in this grammar; such values never come out of the parser.
    /// </summary>
    /// <returns>The quoted literal.</returns>
    public override string ToString()
    {
        var quote = Value.Contains('"', StringComparison.Ordinal) && !Value.Contains('\'', StringComparison.Ordinal) ? '\'' : '"';
        var q = quote.ToString();
        return q + Value.Replace(q, "\\" + q, StringComparison.Ordinal) + q;
    }
}
