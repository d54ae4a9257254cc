namespace Strata.Filter.Syntax;

/// <summary>
/// A node of the immutable filter AST. <see cref="object.ToString"/> prints source text that parses back
/// to an equal tree.
/// </summary>
public abstract record FilterNode;
