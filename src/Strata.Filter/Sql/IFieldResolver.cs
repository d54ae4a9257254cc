namespace Strata.Filter.Sql;

/// <summary>
/// Turns identifiers into SQL operands. The filter layer knows no schema: Strata.Core implements this for
/// collections, relations, back-relations, <c>@request.*</c> and <c>@collection.*</c>.
/// </summary>
public interface IFieldResolver
{
    /// <summary>
    /// Resolves one identifier occurrence (modifiers included, e.g. <c>tags:length</c>). Called once per
    /// occurrence. Date macros and the keywords null/true/false are handled by the compiler before this is
    /// called only if the resolver throws or returns null for them.
    /// </summary>
    /// <param name="identifier">The identifier as written.</param>
    /// <returns>The operand, or null when the identifier is unknown to the resolver.</returns>
    /// <exception cref="FilterException">The identifier is invalid (unknown field, hidden field, bad modifier...).</exception>
    ResolvedOperand? Resolve(string identifier);
}
