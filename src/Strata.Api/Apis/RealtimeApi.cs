using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Realtime;

namespace Strata.Api.Apis;

/// <summary>Realtime over Server-Sent Events (contract §6): <c>GET /api/realtime</c> and <c>POST /api/realtime</c>.</summary>
public static class RealtimeApi
{
    private const int MaxSubscriptions = 1000;
    private const int MaxSubscriptionLength = 2500;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/realtime", Connect);
        app.MapPost("/api/realtime", SetSubscriptions);
        return app;
    }

    private static async Task Connect(HttpContext context, StrataEngine engine)
    {
        var hub = engine.Realtime;
        var client = hub.Connect(RealtimeClientKind.Sse, context.Connection.RemoteIpAddress?.ToString() ?? "");
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, client.DroppedToken);
            lifetime.CancelAfter(hub.Options.MaxLifetime);
            await WriteAsync(response, "id:" + client.Id + "\nevent:PB_CONNECT\ndata:{\"clientId\":\"" + client.Id + "\"}\n\n", lifetime.Token);
            await PumpAsync(response, client, hub.Options.IdleTimeout, lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the stream reached its idle or total time limit (the SDK reconnects).
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            await hub.DisconnectAsync(client);
        }
    }

    /// <summary>Writes queued frames until the outbox ends (client dropped), the stream idles out or ends.</summary>
    private static async Task PumpAsync(HttpResponse response, RealtimeClient client, TimeSpan idle, CancellationToken cancellationToken)
    {
        var reader = client.Outbox;
        while (true)
        {
            using var idleTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idleTimer.CancelAfter(idle);
            if (!await reader.WaitToReadAsync(idleTimer.Token))
            {
                return;
            }

            while (reader.TryRead(out var frame))
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string frame, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task<IResult> SetSubscriptions(HttpContext context, StrataEngine engine)
    {
        var body = await RequestBody.ReadJsonAsync(context);
        var (clientId, keys) = Validate(body);
        var client = engine.Realtime.Find(clientId);
        if (client is null || client.Kind != RealtimeClientKind.Sse)
        {
            throw StrataException.NotFound("Missing or invalid client id.");
        }

        if (client.RemoteIp != (context.Connection.RemoteIpAddress?.ToString() ?? ""))
        {
            throw StrataException.BadRequest("Invalid realtime client.");
        }

        var auth = context.Strata().Auth;
        if (client.Auth is { } bound && (auth is null || auth.Id != bound.Id || auth.Collection.Id != bound.Collection.Id))
        {
            throw StrataException.Forbidden("The current and the previous request authorization don't match.");
        }

        client.Auth = auth;
        client.SetSubscriptions(keys);
        return TypedResults.NoContent();
    }

    private static (string ClientId, List<string> Keys) Validate(JsonObject body)
    {
        var errors = new ValidationErrors();
        var clientId = body["clientId"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (clientId.Length == 0)
        {
            errors.Add("clientId", FieldError.Required());
        }

        var keys = new List<string>();
        switch (body["subscriptions"])
        {
            case null:
                break;
            case JsonArray list when list.Count > MaxSubscriptions:
                errors.Add("subscriptions", new FieldError("validation_length_too_long", $"The maximum allowed items is {MaxSubscriptions}."));
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonValue item && item.TryGetValue<string>(out var key) && key.Length is > 0 and <= MaxSubscriptionLength &&
                        key.IndexOfAny(['\r', '\n']) < 0)
                    {
                        keys.Add(key);
                    }
                    else
                    {
                        errors.Add("subscriptions." + i, new FieldError("validation_invalid_value", $"Must be a single-line text of 1 to {MaxSubscriptionLength} characters."));
                    }
                }

                break;
            default:
                errors.Add("subscriptions", new FieldError("validation_invalid_value", "Must be a list of subscription strings."));
                break;
        }

        errors.ThrowIfAny("An error occurred while validating the submitted data.");
        return (clientId, keys);
    }
}
