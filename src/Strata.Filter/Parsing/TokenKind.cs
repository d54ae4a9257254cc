namespace Strata.Filter.Parsing;

/// <summary>The lexical classes of contract §3.1.</summary>
internal enum TokenKind
{
    End,
    Identifier,
    Number,
    Text,
    Function,
    Sign,
    Join,
    Group,
    Comma,
}
