namespace Strata.Filter.Syntax;

/// <summary>A parenthesised sub-expression, kept so the tree prints back as it was written.</summary>
/// <param name="Inner">The expression inside the parentheses.</param>
public sealed record GroupNode(FilterNode Inner) : FilterNode
{
    /// <inheritdoc />
    public override string ToString() => $"({Inner})";
}
