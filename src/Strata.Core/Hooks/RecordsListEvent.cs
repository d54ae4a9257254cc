using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// A records list request (<c>GET /api/collections/{c}/records</c>). Before the next step a hook may change
/// <see cref="Params"/> (for example narrow the filter); the next step runs the query with the collection's
/// <c>listRule</c> and fills <see cref="Result"/>, which later code may change or replace.
/// </summary>
/// <param name="collection">The collection.</param>
/// <param name="request">The request.</param>
/// <param name="parameters">The parsed search parameters.</param>
public sealed class RecordsListEvent(Collection collection, RequestInfo request, ListParams parameters) : RecordRequestEvent(collection, request)
{
    /// <summary>The search parameters the query will use (page, perPage, sort, filter, expand, skipTotal).</summary>
    public ListParams Params { get; set; } = parameters;

    /// <summary>The page of records: null before the next step, then its result.</summary>
    public ListResult? Result { get; set; }
}
