using Microsoft.AspNetCore.Http;

namespace Strata.Api.Http;

/// <summary>
/// The contract's permissive CORS: any origin, the standard methods, requested headers echoed; preflights end here
/// with 204. (An allow-list arrives with the auth settings.)
/// </summary>
public sealed class CorsMiddleware
{
    private readonly RequestDelegate _next;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The next delegate.</param>
    public CorsMiddleware(RequestDelegate next) => _next = next;

    /// <summary>Runs the pipeline.</summary>
    /// <param name="context">The context.</param>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        var origin = context.Request.Headers.Origin.FirstOrDefault();
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
}
