using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Core.Errors;

namespace Strata.Api.Http;

/// <summary>
/// Reads a request body as the contract's §0.3 says: a JSON object, or multipart / urlencoded text parts with type
/// inference merged under any <c>@jsonPayload</c> parts. File parts are returned separately.
/// </summary>
public static class RequestBody
{
    /// <summary>The form field that carries JSON values in multipart bodies.</summary>
    public const string JsonPayload = "@jsonPayload";

    /// <summary>Maximum JSON body size in bytes.</summary>
    public const long MaxJsonBytes = 32L * 1024 * 1024;

    /// <summary>Reads the body.</summary>
    /// <param name="context">The context.</param>
    /// <returns>The values and the uploaded files (empty for JSON).</returns>
    public static async Task<(JsonObject Data, IFormFileCollection Files)> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var contentType = request.ContentType ?? "";
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when ((e is InvalidDataException or IOException or BadHttpRequestException or FormatException) && !context.RequestAborted.IsCancellationRequested)
            {
                // A truncated body or a boundary that never appears is the client's malformed input, not a server fault.
                throw StrataException.BadRequest("Failed to read the multipart/form-data request body.");
            }

            return (FromForm(form), form.Files);
        }

        if (contentType.Length == 0 || contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ||
            contentType.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (await ReadJsonAsync(context), new FormFileCollection());
        }

        if (request.ContentLength is null or 0 && request.Headers.TransferEncoding.Count == 0)
        {
            return (new JsonObject(), new FormFileCollection());
        }

        throw StrataException.BadRequest("Unsupported Content-Type: send JSON or multipart/form-data.");
    }

    /// <summary>Reads a JSON object body; an empty body is <c>{}</c>.</summary>
    /// <param name="context">The context.</param>
    public static async Task<JsonObject> ReadJsonAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > MaxJsonBytes)
        {
            throw new StrataException(413, "Request entity too large.");
        }

        // A pooled buffer sized from Content-Length: JSON bodies are small and arrive on every write request.
        var rented = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(context.Request.ContentLength ?? 4096, 256, 1 << 20));
        var length = 0;
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(rented.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length > MaxJsonBytes)
                {
                    throw new StrataException(413, "Request entity too large.");
                }

                if (length == rented.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(rented.Length * 2);
                    rented.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(rented);
                    rented = bigger;
                }
            }

            var body = rented.AsSpan(0, length);
            if (body.Trim(" \n\r\t"u8).IsEmpty)
            {
                return new JsonObject();
            }

            try
            {
                var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
                Materialize(node);
                return node as JsonObject ?? throw StrataException.BadRequest("The request body must be a JSON object.");
            }
            catch (Exception e) when (e is JsonException or ArgumentException)
            {
                throw StrataException.BadRequest("Failed to read the JSON request body. Make sure it is a valid JSON object.");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Builds the values of a form: inferred text parts, then <c>@jsonPayload</c> merged over them.</summary>
    /// <param name="form">The form.</param>
    public static JsonObject FromForm(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var data = new JsonObject();
        foreach (var (key, values) in form)
        {
            if (key == JsonPayload)
            {
                continue;
            }

            if (values.Count == 1)
            {
                data[key] = Infer(values[0] ?? "");
            }
            else
            {
                data[key] = new JsonArray([.. values.Select(v => Infer(v ?? ""))]);
            }
        }

        if (form.TryGetValue(JsonPayload, out var payloads))
        {
            foreach (var payload in payloads)
            {
                JsonNode? parsed;
                try
                {
                    parsed = JsonNode.Parse(payload ?? "");
                    Materialize(parsed);
                }
                catch (Exception e) when (e is JsonException or ArgumentException)
                {
                    throw StrataException.BadRequest("Invalid @jsonPayload: it must be a JSON object.");
                }

                if (parsed is not JsonObject o)
                {
                    throw StrataException.BadRequest("Invalid @jsonPayload: it must be a JSON object.");
                }

                foreach (var (k, v) in o.ToList())
                {
                    data[k] = v?.DeepClone();
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Walks the whole tree so that a duplicate key (which <see cref="JsonObject"/> reports lazily, as an
    /// <see cref="ArgumentException"/> on first access) surfaces here as malformed input instead of later as a 500.
    /// </summary>
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    Materialize(v);
                }

                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    Materialize(v);
                }

                break;
        }
    }

    /// <summary>
    /// Infers a text part's type: <c>true</c>/<c>false</c> become booleans, a number whose minimal form is exactly
    /// the text becomes a number (<c>"5"</c>, <c>"-1.5"</c>; not <c>"05"</c>, <c>"1.0"</c>, <c>"1e3"</c>); the rest stays text.
    /// </summary>
    /// <param name="text">The part's text.</param>
    public static JsonNode? Infer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "":
                return JsonValue.Create("");
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
        }

        if ((char.IsAsciiDigit(text[0]) || text[0] == '-') && text.All(c => char.IsAsciiDigit(c) || c is '-' or '.') &&
            double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d) &&
            double.IsFinite(d) && d.ToString("R", CultureInfo.InvariantCulture) == text)
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }
}
