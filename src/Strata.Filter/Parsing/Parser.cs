using System.Collections.Immutable;
using System.Globalization;
using Strata.Filter.Syntax;

namespace Strata.Filter.Parsing;

/// <summary>
/// The fexpr parser: a flat list of <c>(join, item)</c> pairs per group, then folded so that
/// <c>&amp;&amp;</c> binds tighter than <c>||</c> (contract §3.2).
/// </summary>
internal sealed class Parser
{
    private readonly string _source;
    private int _comparisons;

    private Parser(string source) => _source = source;

    public static FilterNode Parse(string source)
    {
        if (source.Length > FilterLimits.MaxSourceLength)
        {
            throw new FilterException(string.Create(CultureInfo.InvariantCulture,
                $"Invalid filter: the expression is longer than {FilterLimits.MaxSourceLength} characters."));
        }
        var node = new Parser(source).ParseSlice(0, source.Length, 0);
        return node ?? throw new FilterException("Invalid filter: empty filter expression.");
    }

    /// <summary>Parses <c>source[start..end)</c>; null when it holds only an empty group, whitespace or comments.</summary>
    private FilterNode? ParseSlice(int start, int end, int depth)
    {
        var lexer = new Lexer(_source, start, end);
        var items = new List<(LogicalOperator Join, FilterNode Node)>();
        var join = LogicalOperator.And;
        var step = Step.LeftOperand;
        Operand? left = null;
        var op = ComparisonOperator.Equal;
        var sawAnything = false;

        while (true)
        {
            var token = lexer.Next();
            if (token.Kind == TokenKind.End)
                break;
            sawAnything = true;
            switch (step)
            {
                case Step.LeftOperand when token.Kind == TokenKind.Group:
                    if (depth + 1 > FilterLimits.MaxGroupDepth)
                    {
                        throw lexer.Error(token.Position, string.Create(CultureInfo.InvariantCulture,
                            $"groups are nested deeper than {FilterLimits.MaxGroupDepth} levels"));
                    }
                    var inner = ParseSlice(token.Start, token.End, depth + 1);
                    if (inner is not null)
                        items.Add((join, new GroupNode(inner)));
                    step = Step.Join;
                    break;
                case Step.LeftOperand:
                    left = ToOperand(lexer, token, "left operand", 0);
                    step = Step.Sign;
                    break;
                case Step.Sign:
                    if (token.Kind != TokenKind.Sign)
                        throw lexer.Error(token.Position, $"expected a sign operator, got {Describe(token)}");
                    if (!ComparisonOperatorExtensions.TryParseSign(token.Text, out op))
                        throw lexer.Error(token.Position, $"invalid sign operator \"{token.Text}\"");
                    step = Step.RightOperand;
                    break;
                case Step.RightOperand:
                    var right = ToOperand(lexer, token, "right operand", 0);
                    if (++_comparisons > FilterLimits.MaxComparisons)
                    {
                        throw lexer.Error(token.Position, string.Create(CultureInfo.InvariantCulture,
                            $"more than {FilterLimits.MaxComparisons} expressions"));
                    }
                    items.Add((join, new ComparisonNode(left!, op, right)));
                    step = Step.Join;
                    break;
                case Step.Join:
                    if (token.Kind != TokenKind.Join)
                        throw lexer.Error(token.Position, $"expected && or ||, got {Describe(token)}");
                    join = token.Text == "||" ? LogicalOperator.Or : LogicalOperator.And;
                    step = Step.LeftOperand;
                    break;
            }
        }

        if (step == Step.Join)
            return Fold(items);
        if (!sawAnything)
            return depth == 0 ? throw new FilterException("Invalid filter: empty filter expression.") : null;
        throw lexer.Error(lexer.Position, step switch
        {
            Step.Sign => "incomplete expression (expected a sign operator)",
            Step.RightOperand => "incomplete expression (expected a right operand)",
            _ => "incomplete expression (expected an operand after && or ||)",
        });
    }

    /// <summary>Builds OR-of-AND-chains, both left-associative.</summary>
    private static FilterNode? Fold(List<(LogicalOperator Join, FilterNode Node)> items)
    {
        if (items.Count == 0)
            return null;
        FilterNode? result = null;
        var chain = items[0].Node;
        for (var i = 1; i < items.Count; i++)
        {
            var (join, node) = items[i];
            if (join == LogicalOperator.And)
            {
                chain = new LogicalNode(chain, LogicalOperator.And, node);
            }
            else
            {
                result = result is null ? chain : new LogicalNode(result, LogicalOperator.Or, chain);
                chain = node;
            }
        }
        return result is null ? chain : new LogicalNode(result, LogicalOperator.Or, chain);
    }

    private Operand ToOperand(Lexer lexer, Token token, string what, int functionDepth)
    {
        switch (token.Kind)
        {
            case TokenKind.Identifier:
                return new IdentifierOperand(token.Text);
            case TokenKind.Number:
                return new NumberOperand(double.Parse(token.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), token.Text);
            case TokenKind.Text:
                return new TextOperand(token.Text);
            case TokenKind.Function:
                return ParseFunction(lexer, token, functionDepth + 1);
            default:
                throw lexer.Error(token.Position, $"expected {what} (identifier, function, text or number), got {Describe(token)}");
        }
    }

    private FunctionOperand ParseFunction(Lexer outer, Token token, int depth)
    {
        if (depth > FilterLimits.MaxFunctionDepth)
        {
            throw outer.Error(token.Position, string.Create(CultureInfo.InvariantCulture,
                $"functions are nested deeper than {FilterLimits.MaxFunctionDepth} levels"));
        }
        var lexer = new Lexer(_source, token.Start, token.End);
        var args = ImmutableArray.CreateBuilder<Operand>();
        var expectArg = true;
        while (true)
        {
            var t = lexer.Next();
            if (t.Kind == TokenKind.End)
                break;
            if (expectArg)
            {
                if (t.Kind is not (TokenKind.Identifier or TokenKind.Number or TokenKind.Text or TokenKind.Function))
                {
                    throw lexer.Error(t.Position,
                        $"expected a function argument (identifier, function, text or number) in {token.Text}(), got {Describe(t)}");
                }
                args.Add(ToOperand(lexer, t, "function argument", depth));
                if (args.Count > FilterLimits.MaxFunctionArguments)
                {
                    throw lexer.Error(t.Position, string.Create(CultureInfo.InvariantCulture,
                        $"{token.Text}() has more than {FilterLimits.MaxFunctionArguments} arguments"));
                }
                expectArg = false;
            }
            else if (t.Kind == TokenKind.Comma)
            {
                expectArg = true;
            }
            else
            {
                throw lexer.Error(t.Position, $"expected \",\" or \")\" in {token.Text}(), got {Describe(t)}");
            }
        }
        return new FunctionOperand(token.Text, args.ToImmutable());
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.Group => "a group \"(...)\"",
        TokenKind.Function => $"function \"{token.Text}(...)\"",
        TokenKind.Text => "text",
        _ => $"{token.Kind.ToString().ToLowerInvariant()} \"{token.Text}\"",
    };

    private enum Step
    {
        LeftOperand,
        Sign,
        RightOperand,
        Join,
    }
}
