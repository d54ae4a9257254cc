using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Strata.Core;

namespace Strata.Api.Http;

/// <summary>Writes the contract's error body <c>{status, message, data}</c>.</summary>
public static class ApiErrors
{
    /// <summary>The default message for a status (contract §0.4).</summary>
    /// <param name="status">The HTTP status.</param>
    public static string DefaultMessage(int status) => status switch
    {
        401 => "Missing or invalid authentication.",
        403 => "You are not allowed to perform this request.",
        404 => "The requested resource wasn't found.",
        413 => "Request entity too large.",
        429 => "Too Many Requests.",
        _ => "Something went wrong while processing your request.",
    };

    /// <summary>Writes an error response.</summary>
    /// <param name="context">The HTTP context.</param>
    /// <param name="status">The status.</param>
    /// <param name="message">The message, or null for the default.</param>
    /// <param name="data">Field errors, or null.</param>
    public static async Task WriteAsync(HttpContext context, int status, string? message, JsonObject? data)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["status"] = status,
            ["message"] = message ?? DefaultMessage(status),
            ["data"] = data?.DeepClone() ?? new JsonObject(),
        };
        await using var w = new Utf8JsonWriter(context.Response.BodyWriter, StrataJson.WriterOptions);
        body.WriteTo(w);
        await w.FlushAsync(context.RequestAborted);
    }
}
