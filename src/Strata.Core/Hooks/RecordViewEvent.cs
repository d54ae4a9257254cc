using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// A record view request (<c>GET /api/collections/{c}/records/{id}</c>). The next step loads the record with the
/// collection's <c>viewRule</c> (404 when it is missing or hidden) and sets <see cref="Record"/>.
/// </summary>
/// <param name="collection">The collection.</param>
/// <param name="request">The request.</param>
/// <param name="id">The requested id.</param>
public sealed class RecordViewEvent(Collection collection, RequestInfo request, string id) : RecordRequestEvent(collection, request)
{
    /// <summary>The requested id.</summary>
    public string Id { get; } = id;

    /// <summary>The record: null before the next step, then the loaded record (hooks may change its values).</summary>
    public Record? Record { get; set; }
}
