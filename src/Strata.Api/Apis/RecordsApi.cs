using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Records;

namespace Strata.Api.Apis;

/// <summary>The records API of contract §1: list, view, create, update and delete.</summary>
public static class RecordsApi
{
    /// <summary>Maps the endpoints under <c>/api/collections/{collection}/records</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/collections/{collection}/records");
        g.MapGet("", List);
        g.MapGet("/{id}", View);
        g.MapPost("", Create);
        g.MapPatch("/{id}", Update);
        g.MapDelete("/{id}", Delete);
        return app;
    }

    private static async Task<JsonResponse> List(HttpContext context, StrataEngine engine, string collection)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var result = await engine.Records.ListAsync(c, request, QueryParams.List(context.Request.Query), context.RequestAborted);
        return JsonResponse.Of(result, new RecordView(request));
    }

    private static async Task<JsonResponse> View(HttpContext context, StrataEngine engine, string collection, string id)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var record = await engine.Records.ViewAsync(c, id, request, context.Request.Query["expand"].FirstOrDefault(), context.RequestAborted);
        return JsonResponse.Of(record, new RecordView(request));
    }

    private static async Task<JsonResponse> Create(HttpContext context, StrataEngine engine, string collection)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var (body, files) = await RequestBody.ReadAsync(context);
        var record = await engine.Records.CreateAsync(c, body, Uploads.From(files), request, context.RequestAborted);
        await ExpandAsync(context, engine, record, request);
        return JsonResponse.Of(record, new RecordView(request));
    }

    private static async Task<JsonResponse> Update(HttpContext context, StrataEngine engine, string collection, string id)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var (body, files) = await RequestBody.ReadAsync(context);
        var record = await engine.Records.UpdateAsync(c, id, body, Uploads.From(files), request, context.RequestAborted);
        await ExpandAsync(context, engine, record, request);
        return JsonResponse.Of(record, new RecordView(request));
    }

    private static async Task<IResult> Delete(HttpContext context, StrataEngine engine, string collection, string id)
    {
        var c = engine.Records.Collection(collection);
        await engine.Records.DeleteAsync(c, id, context.RequestInfo(), context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>Expands a just-written record for the response, when <c>expand</c> was asked for.</summary>
    internal static async Task ExpandAsync(HttpContext context, StrataEngine engine, Record record, RequestInfo request)
    {
        var expand = context.Request.Query["expand"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(expand))
        {
            return;
        }

        await using var conn = await engine.Database.OpenReadAsync(context.RequestAborted);
        await engine.Records.ExpandAsync(conn, null, [record], expand, request, context.RequestAborted);
    }
}
