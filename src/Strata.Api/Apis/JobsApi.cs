using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Jobs;

namespace Strata.Api.Apis;

/// <summary>The job queue for superusers, under <c>/api/strata/jobs</c>: list, view, retry and cancel.</summary>
public static class JobsApi
{
    private static readonly string[] Statuses = [JobStatus.Pending, JobStatus.Running, JobStatus.Done, JobStatus.Failed, JobStatus.Cancelled];

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/strata/jobs").RequireSuperuser();
        g.MapGet("", List);
        g.MapGet("/{id}", View);
        g.MapPost("/{id}/retry", Retry);
        g.MapPost("/{id}/cancel", Cancel);
        return app;
    }

    private static async Task<JsonResponse> List(HttpContext context, StrataEngine engine)
    {
        var status = context.Request.Query["status"].FirstOrDefault();
        if (status is not null && !Statuses.Contains(status))
        {
            throw StrataException.BadRequest("Unknown job status. Use one of: " + string.Join(", ", Statuses) + ".");
        }

        var limit = int.TryParse(context.Request.Query["limit"].FirstOrDefault(), out var l) ? l : 100;
        var jobs = await engine.Jobs.ListAsync(status, context.Request.Query["queue"].FirstOrDefault(), limit, context.RequestAborted);
        return JsonResponse.Of(new JsonArray([.. jobs.Select(j => (JsonNode)j.ToJson())]));
    }

    private static async Task<JsonResponse> View(HttpContext context, StrataEngine engine, string id) =>
        JsonResponse.Of((await engine.Jobs.GetAsync(id, context.RequestAborted) ?? throw StrataException.NotFound()).ToJson());

    private static async Task<IResult> Retry(HttpContext context, StrataEngine engine, string id)
    {
        await engine.Jobs.RetryAsync(id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Cancel(HttpContext context, StrataEngine engine, string id)
    {
        await engine.Jobs.CancelAsync(id, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
