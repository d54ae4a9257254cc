using Microsoft.AspNetCore.Http;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Api.Http;

/// <summary>Per-request Strata state: the authenticated record, resolved once by <see cref="AuthMiddleware"/>.</summary>
public sealed class StrataRequest
{
    private RequestInfo? _info;

    /// <summary>The authenticated record, or null for a guest.</summary>
    public Record? Auth { get; init; }

    /// <summary>Whether the presented token may be refreshed.</summary>
    public bool Refreshable { get; init; }

    /// <summary>The server-side session of the presented token, or null (guests, API keys).</summary>
    public string? SessionId { get; init; }

    /// <summary>The API key the request was made with, or null.</summary>
    public ApiKey? ApiKey { get; init; }

    /// <summary>The <c>@request.*</c> view of this request (headers, query, method, auth), without a body.</summary>
    /// <param name="context">The HTTP context.</param>
    public RequestInfo Info(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_info is not null)
        {
            return _info;
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Headers)
        {
            headers.TryAdd(RequestInfo.NormalizeHeaderName(name), value.FirstOrDefault() ?? "");
        }

        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context.Request.Query)
        {
            query.TryAdd(name, value.FirstOrDefault() ?? "");
        }

        _info = new RequestInfo { Auth = Auth, ApiKeyRole = Auth is null ? null : ApiKey?.Role ?? "", Method = context.Request.Method.ToUpperInvariant(), Headers = headers, Query = query };
        return _info;
    }

    /// <summary>
    /// Throws 401 for guests, and 404 unless the requester is a superuser or the owner (<paramref name="collectionId"/>,
    /// <paramref name="recordId"/>) of a thing that exists: others' things are reported missing, so ids cannot be probed.
    /// </summary>
    /// <param name="exists">Whether the thing exists.</param>
    /// <param name="collectionId">Its owner's collection.</param>
    /// <param name="recordId">Its owner.</param>
    public void RequireOwnerOrSuperuser(bool exists, string collectionId, string recordId)
    {
        var me = RequireAuth();
        if (!exists || (me.Collection.Name != RequestInfo.SuperusersCollection && (me.Id != recordId || me.Collection.Id != collectionId)))
        {
            throw StrataException.NotFound();
        }
    }

    /// <summary>Throws 401 unless someone is signed in.</summary>
    public Record RequireAuth() => Auth ?? throw StrataException.Unauthorized();

    /// <summary>Throws 401/403 unless a superuser is signed in.</summary>
    public Record RequireSuperuser()
    {
        var auth = Auth ?? throw StrataException.Unauthorized();
        if (auth.Collection.Name != RequestInfo.SuperusersCollection)
        {
            throw StrataException.Forbidden("The authorized record is not allowed to perform this action.");
        }

        return auth;
    }
}
