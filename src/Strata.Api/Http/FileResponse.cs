using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Strata.Core.Files;

namespace Strata.Api.Http;

/// <summary>
/// Writes a stored file the way static-file servers do (contract §5.1): Content-Type and Content-Disposition,
/// ETag/Last-Modified with 304 for If-None-Match/If-Modified-Since, and single byte ranges (206, 416).
/// </summary>
public static class FileResponse
{
    private static readonly HashSet<string> InlineTypes = new(StringComparer.Ordinal)
    {
        "image/png", "image/jpg", "image/jpeg", "image/gif", "image/webp", "image/x-icon", "image/bmp",
        "video/webm", "video/mp4", "video/3gpp", "video/quicktime", "video/x-ms-wmv",
        "audio/basic", "audio/aiff", "audio/mpeg", "audio/midi", "audio/mp3", "audio/wave", "audio/wav", "audio/x-wav",
        "audio/x-mpeg", "audio/x-m4a", "audio/aac", "audio/ogg", "audio/flac", "application/pdf", "application/x-pdf",
    };

    /// <summary>Writes the response.</summary>
    /// <param name="context">The context.</param>
    /// <param name="store">The store holding the blob.</param>
    /// <param name="key">The blob key.</param>
    /// <param name="info">The blob's size and time.</param>
    /// <param name="contentType">The detected type.</param>
    /// <param name="fileName">The name to offer in Content-Disposition.</param>
    /// <param name="download">Force <c>attachment</c>.</param>
    /// <param name="isPrivate">The file is protected: caches must not share it.</param>
    public static async Task WriteAsync(HttpContext context, IBlobStore store, string key, BlobInfo info, string contentType, string fileName, bool download, bool isPrivate)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(info);
        var request = context.Request;
        var response = context.Response;
        var modified = DateTimeOffset.FromUnixTimeSeconds(info.Modified.ToUnixTimeSeconds());
        var etag = new EntityTagHeaderValue("\"" + info.Size.ToString("x", CultureInfo.InvariantCulture) + "-" +
            modified.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture) + "\"");
        var headers = response.GetTypedHeaders();
        headers.ETag = etag;
        headers.LastModified = modified;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.CacheControl = (isPrivate ? "private, " : "") + "max-age=2592000, stale-while-revalidate=86400";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox";
        response.Headers.XContentTypeOptions = "nosniff";
        if (NotModified(request, etag, modified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var inline = !download && InlineTypes.Contains(MimeSniffer.BaseType(contentType));
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment") { FileName = fileName }.ToString();
        response.ContentType = contentType;
        var range = RequestedRange(request, etag, modified, info.Size);
        if (range is { From: < 0 })
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = "bytes */" + info.Size.ToString(CultureInfo.InvariantCulture);
            return;
        }

        if (range is not null)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = new ContentRangeHeaderValue(range.From, range.To, info.Size).ToString();
        }

        response.ContentLength = range?.Length ?? info.Size;
        if (HttpMethods.IsHead(request.Method))
        {
            return;
        }

        await using var content = await store.GetAsync(key, range, context.RequestAborted);
        if (content is null)
        {
            // Deleted between the stat and the read: a client sees a short body and retries.
            return;
        }

        await content.CopyToAsync(response.Body, context.RequestAborted);
    }

    /// <summary>Parses <c>download</c> the way the reference server does (1, t, true, ...).</summary>
    /// <param name="value">The query value.</param>
    public static bool IsTrue(string? value) => value is "1" or "t" or "T" or "TRUE" or "true" or "True";

    private static bool NotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset modified)
    {
        var typed = request.GetTypedHeaders();
        if (request.Headers.IfNoneMatch.Count > 0)
        {
            return typed.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
        }

        return typed.IfModifiedSince is { } since && modified <= since;
    }

    /// <summary>The single range asked for; null for the whole file; a range with From -1 when it cannot be satisfied.</summary>
    private static BlobRange? RequestedRange(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset modified, long size)
    {
        var typed = request.GetTypedHeaders();
        var header = typed.Range;
        if (header is null || !string.Equals(header.Unit.Value, "bytes", StringComparison.OrdinalIgnoreCase) || header.Ranges.Count != 1)
        {
            // No range, another unit, or several ranges: answer with the whole file, which RFC 9110 allows.
            return null;
        }

        if (typed.IfRange is { } ifRange &&
            !(ifRange.EntityTag is { } t ? t.Compare(etag, useStrongComparison: true) : ifRange.LastModified is { } lm && lm >= modified))
        {
            return null;
        }

        var r = header.Ranges.First();
        if (r.From is null)
        {
            var suffix = r.To ?? 0;
            return suffix <= 0 || size == 0 ? new BlobRange(-1, -1) : new BlobRange(Math.Max(0, size - suffix), size - 1);
        }

        if (r.From >= size)
        {
            return new BlobRange(-1, -1);
        }

        return new BlobRange(r.From.Value, Math.Min(r.To ?? size - 1, size - 1));
    }
}
