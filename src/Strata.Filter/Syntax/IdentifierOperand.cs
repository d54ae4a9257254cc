namespace Strata.Filter.Syntax;

/// <summary>
/// A field path, <c>@request.*</c> / <c>@collection.*</c> path, macro or keyword, with any modifier
/// suffix kept in the name (e.g. <c>tags:length</c>).
/// </summary>
/// <param name="Name">The identifier exactly as written.</param>
public sealed record IdentifierOperand(string Name) : Operand
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
