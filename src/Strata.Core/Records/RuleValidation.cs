using Strata.Core.Schema;
using Strata.Core.Sqlite;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Records;

/// <summary>
/// Checks, before a collection is saved, that each rule parses and resolves against the schema it will live in, so
/// a typo in a rule is a 400 on that rule instead of every later request quietly denying access.
/// </summary>
public static class RuleValidation
{
    /// <summary>Returns an error message, or null when the rule is valid.</summary>
    /// <param name="schema">The schema including the collection as it will be saved.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="rule">The rule text.</param>
    public static string? Validate(SchemaSnapshot schema, Collection collection, string rule)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(collection);
        if (string.IsNullOrWhiteSpace(rule))
        {
            return null;
        }

        try
        {
            // SQL text generation only: no database is touched, so any dialect can do the resolution check.
            var dialect = SqliteDialect.Instance;
            var resolver = new RecordFieldResolver(schema, collection, dialect.Quote(collection.Name), RequestInfo.Guest,
                dialect, new SqlParameters(), ResolverOptions.Rule);
            FilterCompiler.Compile(FilterParser.Parse(rule), resolver, dialect.Filter, new SqlParameters(), DateTimeOffset.UtcNow);
            return null;
        }
        catch (FilterException e)
        {
            return e.Message;
        }
    }
}
