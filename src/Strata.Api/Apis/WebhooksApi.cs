using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;

namespace Strata.Api.Apis;

/// <summary>Outgoing webhook subscriptions for superusers, under <c>/api/strata/webhooks</c>.</summary>
public static class WebhooksApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/strata/webhooks").RequireSuperuser();
        g.MapGet("", async (HttpContext c, StrataEngine e) =>
            JsonResponse.Of(new JsonArray([.. (await e.Webhooks.ListAsync(c.RequestAborted)).Select(h => (JsonNode)h.ToJson())])));
        g.MapPost("", Create);
        g.MapDelete("/{id}", async (HttpContext c, StrataEngine e, string id) =>
        {
            await e.Webhooks.DeleteAsync(id, c.RequestAborted);
            return TypedResults.NoContent();
        });
        g.MapGet("/{id}/deliveries", async (HttpContext c, StrataEngine e, string id) => JsonResponse.Of(await e.Webhooks.DeliveriesAsync(id, c.RequestAborted)));
        return app;
    }

    private static async Task<JsonResponse> Create(HttpContext context, StrataEngine engine)
    {
        var body = await RequestBody.ReadJsonAsync(context);
        static string Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        var actions = body["actions"] is JsonArray a ? a.Select(Text).ToList() : null;
        var hook = await engine.Webhooks.CreateAsync(Text(body["collection"]), Text(body["url"]), actions, context.RequestAborted);
        // The secret is shown once, now; receivers keep it to verify signatures.
        return JsonResponse.Of(hook.ToJson(withSecret: true));
    }
}
