using Strata.Core.Schema;
using Strata.Filter;

namespace Strata.Core.Records;

/// <summary>Checks that a collection's rule parses and resolves against the schema, before it is saved.</summary>
public static class RuleValidation
{
    /// <summary>Returns an error message, or null when the rule is valid.</summary>
    /// <param name="collection">The collection (as it will be saved).</param>
    /// <param name="rule">The rule text.</param>
    public static string? Validate(Collection collection, string rule)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (string.IsNullOrWhiteSpace(rule))
        {
            return null;
        }

        try
        {
            FilterParser.Parse(rule);
            return null;
        }
        catch (FilterException e)
        {
            return e.Message;
        }
    }
}
