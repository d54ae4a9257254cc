namespace Strata.Core.Schema;

/// <summary>Maps <see cref="CollectionType"/> to and from the contract's names <c>base</c>, <c>auth</c>, <c>view</c>.</summary>
public static class CollectionTypeNames
{
    /// <summary>The contract name of a type.</summary>
    /// <param name="type">The type.</param>
    public static string ToWire(CollectionType type) => type switch
    {
        CollectionType.Auth => "auth",
        CollectionType.View => "view",
        _ => "base",
    };

    /// <summary>Parses a contract type name (case-sensitive, as the reference server).</summary>
    /// <param name="name">The name.</param>
    /// <param name="type">The parsed type.</param>
    /// <returns>False for unknown names.</returns>
    public static bool TryParse(string? name, out CollectionType type)
    {
        switch (name)
        {
            case "base":
                type = CollectionType.Base;
                return true;
            case "auth":
                type = CollectionType.Auth;
                return true;
            case "view":
                type = CollectionType.View;
                return true;
            default:
                type = CollectionType.Base;
                return false;
        }
    }
}
