using Microsoft.AspNetCore.Http;
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

        _info = new RequestInfo { Auth = Auth, Method = context.Request.Method.ToUpperInvariant(), Headers = headers, Query = query };
        return _info;
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
