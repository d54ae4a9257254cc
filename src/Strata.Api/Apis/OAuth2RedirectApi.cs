using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using Strata.Core;

namespace Strata.Api.Apis;

/// <summary>
/// <c>GET|POST /api/oauth2-redirect</c> (contract §4.8, all-in-one flow): the OAuth2 provider sends the browser here
/// with <c>state</c> (the SDK's realtime client id) and <c>code</c> or <c>error</c>; the SDK gets them as an
/// <c>@oauth2</c> realtime message and the browser gets a small HTML page it can close.
/// </summary>
public static class OAuth2RedirectApi
{
    // A realtime client id is 40 characters; codes of real providers stay far below the limit.
    private const int MaxStateLength = 100;
    private const int MaxValueLength = 8192;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapOAuth2RedirectApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/oauth2-redirect", (HttpContext context, StrataEngine engine) =>
            CompleteAsync(context, engine, context.Request.Query["state"], context.Request.Query["code"], context.Request.Query["error"]));
        app.MapPost("/api/oauth2-redirect", Post);
        return app;
    }

    /// <summary>The <c>response_mode=form_post</c> variant (Apple): the same fields as a form body.</summary>
    private static async Task<IResult> Post(HttpContext context, StrataEngine engine)
    {
        if (!context.Request.HasFormContentType)
        {
            return Page(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The sign-in response was not a form.");
        }

        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Page(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The sign-in response could not be read.");
        }

        return await CompleteAsync(context, engine, form["state"], form["code"], form["error"]);
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, StrataEngine engine, StringValues stateValues, StringValues codeValues, StringValues errorValues)
    {
        var (state, code, error) = (First(stateValues), First(codeValues), First(errorValues));
        if (state.Length == 0 || state.Length > MaxStateLength || code.Length > MaxValueLength || error.Length > MaxValueLength)
        {
            return Page(context, StatusCodes.Status400BadRequest, "Sign-in failed", "The sign-in response is missing its state or is malformed.");
        }

        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "";
        if (!await engine.Realtime.CompleteOAuth2Async(state, ip, code, error, context.RequestAborted))
        {
            return Page(context, StatusCodes.Status404NotFound, "Sign-in failed",
                "No app is waiting for this sign-in (it may have been closed or already completed). Start again from the app.");
        }

        return error.Length > 0 || code.Length == 0
            ? Page(context, StatusCodes.Status200OK, "Sign-in failed", "The provider did not grant access" + (error.Length > 0 ? " (" + error + ")" : "") + ". You can close this window.")
            : Page(context, StatusCodes.Status200OK, "Sign-in completed", "You can close this window and go back to the app.");
    }

    private static string First(StringValues values) => values.Count > 0 ? values[0] ?? "" : "";

    private static IResult Page(HttpContext context, int status, string title, string message)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        // The URL carries the authorization code: keep it out of Referer headers, and let the page run nothing.
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        var html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + WebUtility.HtmlEncode(title) +
            "</title><style>body{font-family:sans-serif;margin:3em auto;max-width:32em;text-align:center}</style></head><body><h1>" +
            WebUtility.HtmlEncode(title) + "</h1><p>" + WebUtility.HtmlEncode(message) + "</p></body></html>";
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
