using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Api.Apis;

/// <summary><c>POST /api/batch</c> (contract §7): record writes in one transaction, all or nothing.</summary>
public static partial class BatchApi
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapBatchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/batch", Batch);
        return app;
    }

    private static async Task<JsonResponse> Batch(HttpContext context, StrataEngine engine)
    {
        var settings = engine.Settings.Batch;
        if (!settings.Enabled || settings.MaxRequests <= 0)
        {
            throw StrataException.Forbidden("Batch requests are not allowed.");
        }

        var (body, files) = await RequestBody.ReadAsync(context);
        var uploads = Uploads.From(files);
        var requests = Validate(body, settings.MaxRequests);
        var outer = context.RequestInfo();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (settings.TimeoutSeconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        }

        var results = new JsonArray();
        try
        {
            await engine.Records.TransactionAsync(async tx =>
            {
                for (var i = 0; i < requests.Count; i++)
                {
                    try
                    {
                        results.Add(await RunOneAsync(engine, tx, requests[i], UploadsOf(uploads, i), outer, timeout.Token));
                    }
                    catch (StrataException e)
                    {
                        throw Failed(i, e.Status, e.Message, e.ErrorData);
                    }
                }

                return 0;
            }, timeout.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            throw StrataException.BadRequest("Batch transaction failed.");
        }

        return JsonResponse.Of(results);
    }

    private static async Task<JsonObject> RunOneAsync(StrataEngine engine, System.Data.Common.DbTransaction tx, BatchRequest r, IReadOnlyList<Strata.Core.Files.FileUpload> uploads, RequestInfo outer, CancellationToken cancellationToken)
    {
        var match = RouteRegex().Match(r.Path);
        if (!match.Success)
        {
            throw StrataException.BadRequest("Unknown batch action.");
        }

        var collection = engine.Records.Collection(Uri.UnescapeDataString(match.Groups[1].Value));
        var id = match.Groups[2].Success ? Uri.UnescapeDataString(match.Groups[2].Value) : null;
        var request = new RequestInfo
        {
            Auth = outer.Auth,
            Method = r.Method,
            Context = "batch",
            Query = r.Query,
            Headers = r.Headers.Count == 0 ? outer.Headers : Merge(outer.Headers, r.Headers),
        };
        Record record;
        switch (r.Method, id)
        {
            case ("POST", null):
                record = await engine.Records.CreateAsync(tx, collection, r.Body, uploads, request, cancellationToken);
                break;
            case ("PUT", null):
                var upsertId = r.Body["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
                var exists = upsertId.Length > 0 && await engine.Records.ExistsAsync(tx, collection, upsertId, cancellationToken);
                record = exists
                    ? await engine.Records.UpdateAsync(tx, collection, upsertId, r.Body, uploads, request, cancellationToken)
                    : await engine.Records.CreateAsync(tx, collection, r.Body, uploads, request, cancellationToken);
                break;
            case ("PATCH", not null):
                record = await engine.Records.UpdateAsync(tx, collection, id, r.Body, uploads, request, cancellationToken);
                break;
            case ("DELETE", not null):
                await engine.Records.DeleteAsync(tx, collection, id, request, cancellationToken);
                return new JsonObject { ["status"] = 204, ["body"] = null };
            default:
                throw StrataException.BadRequest("Unknown batch action.");
        }

        if (r.Query.TryGetValue("expand", out var expand) && expand.Length > 0)
        {
            await engine.Records.ExpandAsync(tx.Connection!, tx, [record], expand, request, cancellationToken);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, StrataJson.WriterOptions))
        {
            RecordJsonWriter.Write(w, record, new RecordView(request), FieldsPicker.Parse(r.Query.GetValueOrDefault("fields")));
        }

        return new JsonObject { ["status"] = 200, ["body"] = JsonNode.Parse(buffer.WrittenSpan) };
    }

    /// <summary>The file parts of sub-request <paramref name="index"/> (sent as <c>requests.N.field</c>), under their field keys.</summary>
    private static List<Strata.Core.Files.FileUpload> UploadsOf(IReadOnlyList<Strata.Core.Files.FileUpload> all, int index)
    {
        var prefix = "requests." + index.ToString(CultureInfo.InvariantCulture) + ".";
        return [.. all.Where(u => u.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(u => u.WithKey(u.Key[prefix.Length..]))];
    }

    private static List<BatchRequest> Validate(JsonObject body, int maxRequests)
    {
        const string invalid = "Invalid batch request data.";
        var errors = new ValidationErrors();
        if (body["requests"] is not JsonArray list || list.Count == 0)
        {
            errors.Add("requests", FieldError.Required());
            errors.ThrowIfAny(invalid);
            return [];
        }

        if (list.Count > maxRequests)
        {
            errors.Add("requests", new FieldError("validation_length_too_long", $"The maximum allowed number of requests is {maxRequests}.", new JsonObject { ["max"] = maxRequests }));
            errors.ThrowIfAny(invalid);
        }

        var result = new List<BatchRequest>();
        for (var i = 0; i < list.Count; i++)
        {
            var path = "requests." + i.ToString(CultureInfo.InvariantCulture);
            if (list[i] is not JsonObject item)
            {
                errors.Add(path, new FieldError("validation_invalid_value", "Must be an object."));
                continue;
            }

            var method = (item["method"] is JsonValue m && m.TryGetValue<string>(out var ms) ? ms : "").ToUpperInvariant();
            var url = item["url"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : "";
            if (method is not ("GET" or "POST" or "PUT" or "PATCH" or "DELETE"))
            {
                errors.Add(path + ".method", new FieldError("validation_in_invalid", "Must be a valid value."));
            }

            if (url.Length == 0 || url.Length > 2000)
            {
                errors.Add(path + ".url", new FieldError(url.Length == 0 ? "validation_required" : "validation_length_too_long", url.Length == 0 ? "Cannot be blank." : "The maximum length is 2000."));
            }

            var q = url.IndexOf('?', StringComparison.Ordinal);
            var query = new Dictionary<string, string>(StringComparer.Ordinal);
            if (q >= 0)
            {
                foreach (var (k, v) in QueryHelpers.ParseQuery(url[q..]))
                {
                    query[k] = v.FirstOrDefault() ?? "";
                }
            }

            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (item["headers"] is JsonObject h)
            {
                foreach (var (k, v) in h)
                {
                    if (!k.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                    {
                        headers[RequestInfo.NormalizeHeaderName(k)] = v is JsonValue hv && hv.TryGetValue<string>(out var hs) ? hs : v?.ToJsonString() ?? "";
                    }
                }
            }

            result.Add(new BatchRequest(method, q >= 0 ? url[..q] : url, query, headers, item["body"] as JsonObject ?? []));
        }

        errors.ThrowIfAny(invalid);
        return result;
    }

    private static StrataException Failed(int index, int status, string message, JsonObject data)
    {
        var entry = new JsonObject
        {
            ["code"] = "batch_request_failed",
            ["message"] = "Batch request failed.",
            ["response"] = new JsonObject { ["status"] = status, ["message"] = message, ["data"] = data.DeepClone() },
        };
        var requests = new JsonObject { [index.ToString(CultureInfo.InvariantCulture)] = entry };
        return new StrataException(400, "Batch transaction failed.", new JsonObject { ["requests"] = requests });
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        var d = new Dictionary<string, string>(a, StringComparer.Ordinal);
        foreach (var (k, v) in b)
        {
            d[k] = v;
        }

        return d;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^/api/collections/([^/?]+)/records(?:/([^/?]+))?/?$")]
    private static partial System.Text.RegularExpressions.Regex RouteRegex();

    private sealed record BatchRequest(string Method, string Path, Dictionary<string, string> Query, Dictionary<string, string> Headers, JsonObject Body);
}
