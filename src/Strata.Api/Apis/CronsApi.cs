using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Api.Http;
using Strata.Core.Errors;
using Strata.Core.Jobs;

namespace Strata.Api.Apis;

/// <summary>The crons API of contract §8.5 (superusers only): list the schedules and run one now.</summary>
public static class CronsApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapCronsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/crons").RequireSuperuser();
        g.MapGet("", (HttpContext context) =>
        {
            var scheduler = context.RequestServices.GetService<CronScheduler>();
            var list = scheduler?.Crons.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["expression"] = c.Expression }) ?? [];
            return JsonResponse.Of(new JsonArray([.. list]));
        });
        g.MapPost("/{id}", async (HttpContext context, string id) =>
        {
            var scheduler = context.RequestServices.GetService<CronScheduler>();
            if (scheduler is null || !await scheduler.RunNowAsync(id, context.RequestAborted))
            {
                throw StrataException.NotFound("Missing or invalid cron job.");
            }

            return TypedResults.NoContent();
        });
        return app;
    }
}
