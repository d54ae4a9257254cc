namespace Strata.Filter.Syntax;

/// <summary>
/// A node of the immutable filter AST. <see cref="object.ToString"/> prints source text that parses back
/// to an equal tree for every tree produced by <see cref="FilterParser.Parse"/>; hand-built trees print as
/// equivalent source (parentheses are added where precedence requires them).
/// </summary>
public abstract record FilterNode
{
    /// <summary>Prints the node as filter source.</summary>
    /// <returns>Source text that parses back to this node.</returns>
    public abstract override string ToString();
}
