using System.Globalization;
using Strata.Filter.Syntax;

namespace Strata.Filter.Tests.Support;

/// <summary>
/// Prints the tree structure unambiguously: <c>[a &amp;&amp; b]</c> for logical nodes, <c>(x)</c> for groups, numbers as
/// <c>n:value</c>, text JSON-quoted, functions as <c>name(args)</c>.
/// </summary>
internal static class TreePrinter
{
    public static string Print(FilterNode node) => node switch
    {
        LogicalNode l => $"[{Print(l.Left)} {(l.Operator == LogicalOperator.And ? "&&" : "||")} {Print(l.Right)}]",
        GroupNode g => $"({Print(g.Inner)})",
        ComparisonNode c => $"{Print(c.Left)} {c.Operator.ToSign()} {Print(c.Right)}",
        _ => "?",
    };

    public static string Print(Operand operand) => operand switch
    {
        IdentifierOperand i => i.Name,
        NumberOperand n => "n:" + n.Value.ToString("R", CultureInfo.InvariantCulture),
        TextOperand t => Quote(t.Value),
        FunctionOperand f => f.Name + "(" + string.Join(", ", f.Arguments.Select(Print)) + ")",
        _ => "?",
    };

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
        .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"";
}
