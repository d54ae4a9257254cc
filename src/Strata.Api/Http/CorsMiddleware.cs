using Microsoft.AspNetCore.Http;
using Strata.Core;

namespace Strata.Api.Http;

/// <summary>
/// CORS. By default the contract's permissive behaviour: any origin, the standard methods, requested headers echoed;
/// preflights end here with 204. With a <c>cors.allowedOrigins</c> allow-list in the settings, only listed origins
/// (and the server's own) get CORS headers; a request from any other browser origin is refused with 403.
/// </summary>
public sealed class CorsMiddleware
{
    private readonly RequestDelegate _next;
    private readonly StrataEngine _engine;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The next delegate.</param>
    /// <param name="engine">The engine (for the allow-list setting).</param>
    public CorsMiddleware(RequestDelegate next, StrataEngine engine)
    {
        _next = next;
        _engine = engine;
    }

    /// <summary>Runs the pipeline.</summary>
    /// <param name="context">The context.</param>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        var origin = context.Request.Headers.Origin.FirstOrDefault();
        var allowed = _engine.Settings.CorsAllowedOrigins;
        if (allowed.Count > 0 && !string.IsNullOrEmpty(origin) && !IsAllowed(context, origin, allowed))
        {
            return ApiErrors.WriteAsync(context, StatusCodes.Status403Forbidden, "The request origin is not allowed.", null);
        }

        headers.AccessControlAllowOrigin = string.IsNullOrEmpty(origin) ? "*" : origin;
        headers.Vary = "Origin";
        if (HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method"))
        {
            headers.AccessControlAllowMethods = "GET, HEAD, PUT, PATCH, POST, DELETE";
            var requested = context.Request.Headers.AccessControlRequestHeaders.FirstOrDefault();
            if (!string.IsNullOrEmpty(requested))
            {
                headers.AccessControlAllowHeaders = requested;
            }

            headers.AccessControlMaxAge = "86400";
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        }

        return _next(context);
    }

    private static bool IsAllowed(HttpContext context, string origin, IReadOnlyList<string> allowed)
    {
        var trimmed = origin.TrimEnd('/');
        if (allowed.Any(a => a == "*" || string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // The server's own pages (the admin console) send Origin on same-origin POSTs: never refuse those.
        return Uri.TryCreate(trimmed, UriKind.Absolute, out var u) &&
            string.Equals(u.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }
}
