using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Api.Realtime;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;

namespace Strata.Api.Apis;

/// <summary>
/// The WebSocket realtime endpoint <c>/api/strata/realtime</c> (beyond PocketBase; protocol in docs/realtime.md) and
/// its browser client module at <c>/api/strata/realtime.js</c>.
/// </summary>
public static class RealtimeSocketApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRealtimeSocketApi(this IEndpointRouteBuilder app)
    {
        app.Map("/api/strata/realtime", Connect);
        app.MapGet("/api/strata/realtime.js", ClientModule);
        return app;
    }

    private static async Task Connect(HttpContext context, StrataEngine engine, AuthService auth)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw StrataException.BadRequest("This endpoint expects a WebSocket upgrade request.");
        }

        var token = context.Request.Query["token"].FirstOrDefault();
        var user = context.Strata().Auth;
        if (!string.IsNullOrEmpty(token))
        {
            user = (await auth.AuthenticateAsync(token, context.RequestAborted))?.Record
                ?? throw StrataException.Unauthorized("The token is invalid or has expired.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new RealtimeSocketSession(engine.Realtime, auth, socket, context.Connection.RemoteIpAddress?.ToString() ?? "", user);
        await session.RunAsync(context.RequestAborted);
    }

    private static IResult ClientModule()
    {
        using var stream = typeof(RealtimeSocketApi).Assembly.GetManifestResourceStream("Strata.Api.strata-realtime.js")!;
        using var reader = new StreamReader(stream);
        return TypedResults.Text(reader.ReadToEnd(), "text/javascript; charset=utf-8");
    }
}
