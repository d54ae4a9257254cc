using System.Text.Json.Nodes;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// A records API request (list, view, auth) passing through request hooks. A hook may change what the next step
/// produces, call <see cref="Respond"/> to send its own JSON instead, or throw a <see cref="Errors.StrataException"/>
/// to answer with the contract's error shape.
/// </summary>
public abstract class RecordRequestEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="request">The request as rules see it (auth, method, headers, query).</param>
    protected RecordRequestEvent(Collection collection, RequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        Collection = collection;
        Request = request;
    }

    /// <summary>The collection.</summary>
    public Collection Collection { get; }

    /// <summary>The request: <c>Auth</c> is the requester (null for a guest), <c>Query</c> its query parameters.</summary>
    public RequestInfo Request { get; }

    /// <summary>The engine, for related reads (records, the job queue).</summary>
    public StrataEngine? Engine { get; init; }

    /// <summary>True once a hook called <see cref="Respond"/>.</summary>
    public bool Responded { get; private set; }

    /// <summary>The replacement body (see <see cref="Respond"/>).</summary>
    public JsonNode? ResponseBody { get; private set; }

    /// <summary>The replacement status (see <see cref="Respond"/>).</summary>
    public int ResponseStatus { get; private set; } = 200;

    /// <summary>
    /// Replaces the whole response with <paramref name="body"/>. Hooks that respond before calling the next step
    /// skip it (and every later hook); the <c>fields</c> query parameter still applies to the body.
    /// </summary>
    /// <param name="body">The JSON to send.</param>
    /// <param name="status">The HTTP status.</param>
    public void Respond(JsonNode? body, int status = 200)
    {
        if (status is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "An HTTP status is between 100 and 599.");
        }

        Responded = true;
        ResponseBody = body;
        ResponseStatus = status;
    }
}
