using Strata.Filter.Compilation;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter;

/// <summary>
/// Compiles a filter AST into one boolean SQL expression for a dialect. Every literal becomes a parameter; the
/// SQL text holds only column expressions from the resolver, operators and fixed constants. The same filter on the
/// same stored data selects the same rows on every dialect (see docs/filter.md for the rules).
/// </summary>
/// <remarks>
/// Parameter values are never null and have the CLR type the compared column needs: <see cref="string"/> for text,
/// LIKE patterns, non-canonical date text and strftime arguments; <see cref="double"/> for numbers (and for booleans
/// in ordering comparisons); <see cref="bool"/> for boolean equality; for a canonical datetime against a date column
/// whatever <see cref="ISqlDialect.DateParameter"/> returns (SQLite: the text, PostgreSQL: a UTC
/// <see cref="DateTime"/>).
/// </remarks>
public static class FilterCompiler
{
    /// <summary>Compiles <paramref name="node"/>.</summary>
    /// <param name="node">The parsed filter.</param>
    /// <param name="resolver">Resolves identifiers to SQL or constants.</param>
    /// <param name="dialect">The target engine.</param>
    /// <param name="parameters">Receives the parameter values; may already hold parameters of the statement.</param>
    /// <param name="now">The time the date macros (<c>@now</c>, <c>@todayStart</c>, ...) are computed from.</param>
    /// <returns>A parenthesised boolean SQL expression. For multi-valued operands under <c>?</c> operators it must be
    /// placed in the scope of the resolver's joins (the caller wraps it, e.g. in EXISTS).</returns>
    /// <exception cref="FilterException">An identifier or function is invalid.</exception>
    public static string Compile(FilterNode node, IFieldResolver resolver, ISqlDialect dialect, SqlParameters parameters,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(parameters);
        return new FilterCompilation(resolver, dialect, parameters, now).Node(node);
    }
}
