using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Strata.Core.Storage;

namespace Strata.Api.Apis;

/// <summary>The collections API of contract §2.5 (superusers only).</summary>
public static class CollectionsApi
{
    /// <summary>Maps the endpoints under <c>/api/collections</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapCollectionsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/collections").RequireSuperuser();
        g.MapGet("", List);
        g.MapPost("", Create);
        g.MapPut("/import", Import);
        g.MapGet("/meta/scaffolds", Scaffolds);
        g.MapGet("/meta/oauth2-providers", () => JsonResponse.Of(new JsonArray()));
        g.MapPost("/meta/dry-run-view", DryRunView);
        g.MapGet("/{collection}", View);
        g.MapPatch("/{collection}", Update);
        g.MapDelete("/{collection}", Delete);
        g.MapDelete("/{collection}/truncate", Truncate);
        return app;
    }

    private static async Task<JsonResponse> List(HttpContext context, StrataEngine engine)
    {
        var p = QueryParams.List(context.Request.Query);
        var (total, items) = await engine.Schema.ListAsync(p.Filter, p.Sort, p.Page, p.PerPage, p.SkipTotal, context.RequestAborted);
        return JsonResponse.Of(new JsonObject
        {
            ["page"] = p.Page,
            ["perPage"] = p.PerPage,
            ["totalItems"] = total,
            ["totalPages"] = p.SkipTotal ? -1 : (long)Math.Ceiling(total / (double)p.PerPage),
            ["items"] = new JsonArray([.. items.Select(c => (JsonNode)CollectionJson.ToJsonObject(c))]),
        });
    }

    private static JsonResponse View(StrataEngine engine, string collection) =>
        JsonResponse.Of(CollectionJson.ToJsonObject(Find(engine, collection)));

    private static async Task<JsonResponse> Create(HttpContext context, StrataEngine engine)
    {
        using var doc = await ReadDocumentAsync(context);
        var candidate = CollectionJson.Read(doc.RootElement, null);
        CollectionDefaults.ApplyNew(candidate);
        var saved = await engine.Schema.CreateAsync(candidate, context.RequestAborted);
        return JsonResponse.Of(CollectionJson.ToJsonObject(saved));
    }

    private static async Task<JsonResponse> Update(HttpContext context, StrataEngine engine, string collection)
    {
        var existing = Find(engine, collection);
        using var doc = await ReadDocumentAsync(context);
        var candidate = CollectionJson.Read(doc.RootElement, existing);
        candidate.Id = existing.Id;
        CollectionDefaults.ApplyNew(candidate);
        var saved = await engine.Schema.SaveAsync(candidate, cancellationToken: context.RequestAborted);
        return JsonResponse.Of(CollectionJson.ToJsonObject(saved));
    }

    private static async Task<IResult> Delete(HttpContext context, StrataEngine engine, string collection)
    {
        Find(engine, collection);
        await engine.Schema.DeleteAsync(collection, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Truncate(HttpContext context, StrataEngine engine, string collection)
    {
        var c = Find(engine, collection);
        var referenced = c.Type != CollectionType.View && engine.Schema.Current.All.Any(o => o.Fields.OfType<RelationField>().Any(f => f.CollectionId == c.Id));
        if (!referenced)
        {
            await engine.Schema.TruncateAsync(collection, context.RequestAborted);
            return TypedResults.NoContent();
        }

        // Referenced records go one by one through the records service, as single deletes do, so cascades run and a
        // required reference refuses the whole truncate instead of leaving dangling ids behind.
        var request = context.RequestInfo();
        await engine.Database.WriteAsync(async tx =>
        {
            var ids = new List<string>();
            await using (var cmd = SqlText.Command(tx.Connection!, "SELECT id FROM " + engine.Database.Dialect.Quote(c.Name), null, tx))
            await using (var reader = await cmd.ExecuteReaderAsync(context.RequestAborted))
            {
                while (await reader.ReadAsync(context.RequestAborted))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            foreach (var id in ids)
            {
                if (await engine.Records.ExistsAsync(tx, c, id, context.RequestAborted))
                {
                    await engine.Records.DeleteAsync(tx, c, id, request, context.RequestAborted);
                }
            }

            return 0;
        }, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Import(HttpContext context, StrataEngine engine)
    {
        const string failed = "Failed to import collections.";
        using var doc = await ReadDocumentAsync(context);
        var root = doc.RootElement;
        if (!root.TryGetProperty("collections", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            var errors = new ValidationErrors();
            errors.Add("collections", FieldError.Required());
            errors.ThrowIfAny(failed);
        }

        var deleteMissing = root.TryGetProperty("deleteMissing", out var dm) && dm.ValueKind == JsonValueKind.True;
        var items = new List<Collection>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            try
            {
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idEl) && idEl.ValueKind == JsonValueKind.String ? idEl.GetString() : null;
                var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("name", out var nEl) && nEl.ValueKind == JsonValueKind.String ? nEl.GetString() : null;
                var existing = (id is { Length: > 0 } ? engine.Schema.Current.Find(id) : null) ?? (name is not null ? engine.Schema.Current.Find(name) : null);
                var c = CollectionJson.Read(item, null);
                if (existing is not null)
                {
                    c.Id = existing.Id;
                    // Import bodies carry no secrets: keep the stored ones so re-importing logs nobody out.
                    CollectionStorage.CopySecrets(existing, c);
                }

                CollectionDefaults.ApplyNew(c);
                items.Add(c);
            }
            catch (StrataException e)
            {
                var errors = new ValidationErrors();
                errors.Add($"collections.{index}", new FieldError("validation_collections_import_failure", e.Message, new JsonObject { ["data"] = e.ErrorData.DeepClone() }));
                errors.ThrowIfAny(failed);
            }

            index++;
        }

        await engine.Schema.ImportAsync(items, deleteMissing, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static JsonResponse Scaffolds()
    {
        var o = new JsonObject();
        foreach (var (type, c) in CollectionDefaults.Scaffolds())
        {
            o[type] = CollectionJson.ToJsonObject(c);
        }

        return JsonResponse.Of(o);
    }

    private static async Task<JsonResponse> DryRunView(HttpContext context, StrataEngine engine)
    {
        var body = await RequestBody.ReadJsonAsync(context);
        var query = body["query"] is JsonValue v && v.TryGetValue<string>(out var q) ? q.Trim() : "";
        if (query.Length == 0 || query.Length > 5000 || !query.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase))
        {
            var errors = new ValidationErrors();
            errors.Add("query", new FieldError("validation_invalid_view_query", "The query must be a single SELECT statement of at most 5000 characters."));
            errors.ThrowIfAny("Failed to run the view query.");
        }

        var rows = new JsonArray();
        try
        {
            // Run inside a transaction that is always rolled back, with a row cap, so the dry run changes nothing.
            await engine.Database.WriteAsync<int>(async tx =>
            {
                await using var cmd = SqlText.Command(tx.Connection!, $"SELECT * FROM ({query.TrimEnd(';')}) AS _dry LIMIT 10", null, tx);
                await using var reader = await cmd.ExecuteReaderAsync(context.RequestAborted);
                while (await reader.ReadAsync(context.RequestAborted))
                {
                    var row = new JsonObject();
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        row[reader.GetName(i)] = reader.IsDBNull(i) ? null : JsonValue.Create(reader.GetValue(i).ToString());
                    }

                    rows.Add(row);
                }

                throw new DryRunRollback();
            }, context.RequestAborted);
        }
        catch (DryRunRollback)
        {
        }
        catch (System.Data.Common.DbException e)
        {
            throw StrataException.BadRequest("Failed to run the view query: " + e.Message.Split('\n')[0]);
        }

        return JsonResponse.Of(rows);
    }

    private static Collection Find(StrataEngine engine, string idOrName) =>
        engine.Schema.Current.Find(idOrName) ?? throw StrataException.NotFound();

    private static async Task<JsonDocument> ReadDocumentAsync(HttpContext context)
    {
        var body = await RequestBody.ReadJsonAsync(context);
        return JsonDocument.Parse(body.ToJsonString());
    }

    private sealed class DryRunRollback : Exception
    {
    }
}
