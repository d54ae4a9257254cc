using Strata.Core.Schema;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// Everything an in-memory filter evaluation can see besides the record under test: the schema, the records of
/// every collection (for relations, back-relations, <c>@collection</c> joins and the stored auth record), the
/// request for <c>@request.*</c>, the clock for the datetime macros, and what the expression may use.
/// </summary>
public sealed class InMemoryContext
{
    private readonly Func<Collection, IReadOnlyList<Record>> _records;
    private readonly Dictionary<string, Dictionary<string, Record>> _byId = new(StringComparer.Ordinal);

    /// <summary>Creates a context.</summary>
    /// <param name="schema">The schema the records belong to.</param>
    /// <param name="records">All records of a collection, in any order.</param>
    /// <param name="request">The request for <c>@request.*</c>.</param>
    /// <param name="now">The instant the datetime macros and <c>strftime('now')</c> resolve to.</param>
    /// <param name="options">What the expression may use (hidden fields, joined list rules).</param>
    public InMemoryContext(SchemaSnapshot schema, Func<Collection, IReadOnlyList<Record>> records, RequestInfo request,
        DateTimeOffset now, ResolverOptions options)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        Schema = schema;
        _records = records;
        Request = request;
        Now = now;
        Options = options;
    }

    /// <summary>The schema.</summary>
    public SchemaSnapshot Schema { get; }

    /// <summary>The request for <c>@request.*</c>.</summary>
    public RequestInfo Request { get; }

    /// <summary>The instant the datetime macros resolve to.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>What the expression may use.</summary>
    public ResolverOptions Options { get; }

    /// <summary>A copy with other options and request (e.g. to evaluate a list rule next to a client filter).</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options.</param>
    /// <returns>The new context, sharing the record source.</returns>
    public InMemoryContext With(RequestInfo request, ResolverOptions options) => new(Schema, _records, request, Now, options);

    /// <summary>All records of a collection.</summary>
    /// <param name="collection">The collection.</param>
    /// <returns>The records.</returns>
    public IReadOnlyList<Record> RecordsOf(Collection collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return _records(collection);
    }

    /// <summary>The record of a collection with the given id, or null.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The id.</param>
    /// <returns>The record or null.</returns>
    public Record? Find(Collection collection, string? id)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (id is null)
        {
            return null;
        }

        if (!_byId.TryGetValue(collection.Id, out var map))
        {
            map = new Dictionary<string, Record>(StringComparer.Ordinal);
            foreach (var r in _records(collection))
            {
                map[r.Id] = r;
            }

            _byId[collection.Id] = map;
        }

        return map.GetValueOrDefault(id);
    }
}
