namespace Strata.Filter.Parsing;

/// <summary>
/// One token. <see cref="Start"/>/<see cref="End"/> index the source; for <see cref="TokenKind.Group"/> and
/// <see cref="TokenKind.Function"/> they span the inside of the parentheses.
/// </summary>
internal readonly record struct Token(TokenKind Kind, int Position, int Start, int End, string Text);
