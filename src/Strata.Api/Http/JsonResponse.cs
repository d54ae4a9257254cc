using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Core;
using Strata.Core.Records;

namespace Strata.Api.Http;

/// <summary>
/// Results that write JSON straight to the response, applying the <c>fields</c> picker of the request
/// (contract §9.1): records through <see cref="RecordJsonWriter"/>, anything else through the picker on a JSON tree.
/// </summary>
public abstract class JsonResponse : IResult
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; init; } = 200;

    /// <summary>A record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="view">Who looks at it.</param>
    public static JsonResponse Of(Record record, RecordView view) => new RecordBody(record, view);

    /// <summary>A page of records.</summary>
    /// <param name="result">The page.</param>
    /// <param name="view">Who looks at it.</param>
    public static JsonResponse Of(ListResult result, RecordView view) => new ListBody(result, view);

    /// <summary>A JSON value.</summary>
    /// <param name="node">The value.</param>
    /// <param name="status">The status.</param>
    public static JsonResponse Of(JsonNode? node, int status = 200) => new NodeBody(node) { Status = status };

    /// <summary>An auth response <c>{token, record[, meta]}</c>; the picker applies to the whole object.</summary>
    /// <param name="token">The token.</param>
    /// <param name="record">The auth record.</param>
    /// <param name="view">Who looks at it (the record's own email is always shown).</param>
    /// <param name="meta">OAuth2 meta, or null.</param>
    public static JsonResponse Auth(string token, Record record, RecordView view, JsonObject? meta = null) =>
        new AuthBody(token, record, view, meta);

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var picker = FieldsPicker.Parse(httpContext.Request.Query["fields"].FirstOrDefault());
        httpContext.Response.StatusCode = Status;
        httpContext.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(httpContext.Response.BodyWriter, StrataJson.WriterOptions);
        Write(w, picker);
        await w.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>Writes the body.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="picker">The fields picker, or null.</param>
    protected abstract void Write(Utf8JsonWriter w, FieldsPicker? picker);

    private sealed class RecordBody(Record record, RecordView view) : JsonResponse
    {
        protected override void Write(Utf8JsonWriter w, FieldsPicker? picker) => RecordJsonWriter.Write(w, record, view, picker);
    }

    private sealed class ListBody(ListResult result, RecordView view) : JsonResponse
    {
        protected override void Write(Utf8JsonWriter w, FieldsPicker? picker)
        {
            w.WriteStartObject();
            w.WriteNumber("page", result.Page);
            w.WriteNumber("perPage", result.PerPage);
            w.WriteNumber("totalItems", result.TotalItems);
            w.WriteNumber("totalPages", result.TotalPages);
            w.WritePropertyName("items");
            w.WriteStartArray();
            // For list results the picker applies to each item (contract §9.1).
            var itemPicker = picker?.Child("items") is { HasChildren: true } explicitItems ? explicitItems : picker;
            foreach (var item in result.Items)
            {
                RecordJsonWriter.Write(w, item, view, itemPicker);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private sealed class AuthBody(string token, Record record, RecordView view, JsonObject? meta) : JsonResponse
    {
        protected override void Write(Utf8JsonWriter w, FieldsPicker? picker)
        {
            w.WriteStartObject();
            if (picker is null || picker.Child("token") is not null)
            {
                w.WriteString("token", token);
            }

            var recordPicker = picker?.Child("record");
            if (picker is null || recordPicker is not null)
            {
                w.WritePropertyName("record");
                RecordJsonWriter.Write(w, record, view, recordPicker is { HasChildren: true } ? recordPicker : null);
            }

            if (meta is not null && (picker?.Child("meta") is { } mp ? mp : picker is null ? FieldsPicker.AllPicker : null) is { } metaPicker)
            {
                w.WritePropertyName("meta");
                (metaPicker.HasChildren ? metaPicker.Apply(meta) : meta)!.WriteTo(w);
            }

            w.WriteEndObject();
        }
    }

    private sealed class NodeBody(JsonNode? node) : JsonResponse
    {
        protected override void Write(Utf8JsonWriter w, FieldsPicker? picker)
        {
            var value = picker is null ? node : ApplyToList(node, picker);
            if (value is null)
            {
                w.WriteNullValue();
            }
            else
            {
                value.WriteTo(w);
            }
        }

        private static JsonNode? ApplyToList(JsonNode? node, FieldsPicker picker)
        {
            if (node is JsonObject o && o.ContainsKey("items") && o.ContainsKey("perPage") && o["items"] is JsonArray items)
            {
                var copy = new JsonObject();
                foreach (var (k, v) in o)
                {
                    copy[k] = k == "items" ? new JsonArray([.. items.Select(i => picker.Apply(i))]) : v?.DeepClone();
                }

                return copy;
            }

            return picker.Apply(node);
        }
    }
}
