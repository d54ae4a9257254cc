using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Storage;

/// <summary>
/// Resolves filter identifiers to a fixed whitelist of columns, for system tables such as <c>_collections</c>
/// and logs, whose list endpoints allow filtering and sorting on a few fields only.
/// </summary>
public sealed class ColumnResolver : IFieldResolver
{
    private readonly IReadOnlyDictionary<string, (string Sql, FilterValueType Type)> _columns;

    /// <summary>Creates the resolver.</summary>
    /// <param name="columns">Allowed identifiers and their SQL and type.</param>
    public ColumnResolver(IReadOnlyDictionary<string, (string Sql, FilterValueType Type)> columns) => _columns = columns;

    /// <inheritdoc />
    public ResolvedOperand? Resolve(string identifier)
    {
        if (_columns.TryGetValue(identifier, out var c))
        {
            return ResolvedOperand.Column(c.Sql, c.Type);
        }

        if (identifier.StartsWith('@'))
        {
            return null;
        }

        throw new FilterException($"Unknown field \"{identifier}\".");
    }
}
