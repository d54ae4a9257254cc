using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

/// <summary>The records API of contract §1: list, view, create, update and delete.</summary>
public static class RecordsApi
{
    /// <summary>Maps the endpoints under <c>/api/collections/{collection}/records</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/collections/{collection}/records");
        g.MapGet("", List).RateLimit("list");
        g.MapGet("/{id}", View).RateLimit("view");
        g.MapPost("", Create).RateLimit("create");
        g.MapPatch("/{id}", Update).RateLimit("update");
        g.MapDelete("/{id}", Delete).RateLimit("delete");
        return app;
    }

    private static async Task<JsonResponse> List(HttpContext context, StrataEngine engine, string collection)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var parameters = QueryParams.List(context.Request.Query);
        if (!engine.Hooks.HasRecordsListHooks)
        {
            return JsonResponse.Of(await engine.Records.ListAsync(c, request, parameters, context.RequestAborted), new RecordView(request));
        }

        var e = new RecordsListEvent(c, request, parameters) { Engine = engine };
        await engine.Hooks.RunAsync(e, async () => e.Result = await engine.Records.ListAsync(c, request, e.Params, context.RequestAborted));
        return e.Responded ? JsonResponse.Of(e.ResponseBody, e.ResponseStatus)
            : JsonResponse.Of(e.Result ?? throw NoResponse("records list", c), new RecordView(request));
    }

    private static async Task<JsonResponse> View(HttpContext context, StrataEngine engine, string collection, string id)
    {
        var c = engine.Records.Collection(collection);
        var request = context.RequestInfo();
        var expand = context.Request.Query["expand"].FirstOrDefault();
        if (!engine.Hooks.HasRecordViewHooks)
        {
            return JsonResponse.Of(await engine.Records.ViewAsync(c, id, request, expand, context.RequestAborted), new RecordView(request));
        }

        var e = new RecordViewEvent(c, request, id) { Engine = engine };
        await engine.Hooks.RunAsync(e, async () => e.Record = await engine.Records.ViewAsync(c, id, request, expand, context.RequestAborted));
        return e.Responded ? JsonResponse.Of(e.ResponseBody, e.ResponseStatus)
            : JsonResponse.Of(e.Record ?? throw NoResponse("record view", c), new RecordView(request));
    }

    /// <summary>A request hook returned without calling next() or responding: a bug in the app, reported as a 500.</summary>
    internal static InvalidOperationException NoResponse(string kind, Collection c) =>
        new($"A {kind} hook of collection '{c.Name}' neither called next() nor called Respond().");

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
