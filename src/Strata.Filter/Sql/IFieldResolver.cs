namespace Strata.Filter.Sql;

/// <summary>
/// Turns identifiers into SQL operands. The filter layer knows no schema: Strata.Core implements this for
/// collections, relations, back-relations, <c>@request.*</c> and <c>@collection.*</c>.
/// </summary>
public interface IFieldResolver
{
    /// <summary>
    /// Resolves one identifier occurrence (modifiers included, e.g. <c>tags:length</c>). Called once per
    /// occurrence, and never for the date macros (<c>@now</c>, <c>@year</c>, ...), which the compiler resolves first.
    /// When this returns null or throws <see cref="FilterException"/>, the compiler still accepts the keywords
    /// <c>null</c>, <c>true</c> and <c>false</c> (any case); any other identifier then fails (with the resolver's
    /// exception, or "unknown field").
    /// </summary>
    /// <param name="identifier">The identifier as written.</param>
    /// <returns>The operand, or null when the identifier is unknown to the resolver.</returns>
    /// <exception cref="FilterException">The identifier is invalid (unknown field, hidden field, bad modifier...).</exception>
    ResolvedOperand? Resolve(string identifier);
}
