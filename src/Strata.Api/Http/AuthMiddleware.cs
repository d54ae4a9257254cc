using Microsoft.AspNetCore.Http;
using Strata.Core.Auth;

namespace Strata.Api.Http;

/// <summary>
/// Resolves the <c>Authorization</c> header to an auth record once per request. A bad token is ignored: the request
/// continues as a guest, as the contract requires.
/// </summary>
public sealed class AuthMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuthService _auth;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The next delegate.</param>
    /// <param name="auth">The auth service.</param>
    public AuthMiddleware(RequestDelegate next, AuthService auth)
    {
        _next = next;
        _auth = auth;
    }

    /// <summary>Runs the pipeline.</summary>
    /// <param name="context">The context.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.FirstOrDefault();
        var result = await _auth.AuthenticateAsync(header, context.RequestAborted);
        context.Features.Set(result is { } r
            ? new StrataRequest { Auth = r.Record, Refreshable = r.Refreshable, SessionId = r.SessionId, ApiKey = r.ApiKey }
            : new StrataRequest());
        if (result?.ApiKey is { } key)
        {
            ApiKeyScopeCheck.Enforce(context, key);
        }

        await _next(context);
    }
}
