using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strata.Bench.Baseline;

/// <summary>
/// <c>/api/collections/posts/records</c>: view, list (the scenario's filter, sort and expand), create, update.
/// A valid token takes the <c>_auth</c> rule's SQL; a guest takes the public rule's.
/// </summary>
public sealed class PostsEndpoints
{
    private const string Base = "/api/collections/posts/records";
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IPostStore _store;
    private readonly TokenCheck _auth;
    private readonly PostJson _json;

    public PostsEndpoints(IPostStore store, TokenCheck auth, PostJson json)
    {
        _store = store;
        _auth = auth;
        _json = json;
    }

    public void Map(WebApplication app)
    {
        app.MapGet(Base + "/{id}", View);
        app.MapGet(Base, List);
        app.MapPost(Base, Create);
        app.MapPatch(Base + "/{id}", Update);
        app.MapGet("/api/health", () => Results.Ok());
    }

    private async Task View(HttpContext ctx, string id)
    {
        var authed = await _auth.AuthenticateAsync(ctx.Request.Headers.Authorization) is not null;
        var post = await _store.GetAsync(id, authed);
        await WriteAsync(ctx, post);
    }

    private async Task List(HttpContext ctx)
    {
        var authed = await _auth.AuthenticateAsync(ctx.Request.Headers.Authorization) is not null;
        var q = ctx.Request.Query;
        var page = int.TryParse(q["page"], CultureInfo.InvariantCulture, out var pg) && pg > 0 ? pg : 1;
        var perPage = int.TryParse(q["perPage"], CultureInfo.InvariantCulture, out var pp) && pp > 0 ? Math.Min(pp, 1000) : 30;
        var expand = q["expand"] == "author";
        var (total, items, authors) = await _store.ListPublishedAsync(perPage, (page - 1) * perPage, expand, authed);
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter, WriterOptions);
        _json.WritePage(w, page, perPage, total, items, expand ? authors : null);
        await w.FlushAsync();
    }

    private async Task Create(HttpContext ctx)
    {
        // The token is checked as Strata checks it; the folded rule needs nothing more on a write.
        _ = await _auth.AuthenticateAsync(ctx.Request.Headers.Authorization);
        var now = Dates.Now();
        var post = new Post { Id = NewId(), Created = now, Updated = now };
        if (!await ReadBodyAsync(ctx, post) || !await _store.CreateAsync(post))
        {
            await ErrorAsync(ctx, 400, "Failed to create record.");
            return;
        }

        await WriteAsync(ctx, post);
    }

    private async Task Update(HttpContext ctx, string id)
    {
        _ = await _auth.AuthenticateAsync(ctx.Request.Headers.Authorization);
        var patch = new Post { Views = double.NaN };
        if (!await ReadBodyAsync(ctx, patch))
        {
            await ErrorAsync(ctx, 400, "Failed to update record.");
            return;
        }

        var now = Dates.Now();
        var post = await _store.UpdateAsync(id, p =>
        {
            if (patch.Title.Length > 0) { p.Title = patch.Title; }
            if (patch.Body.Length > 0) { p.Body = patch.Body; }
            if (patch.Status.Length > 0) { p.Status = patch.Status; }
            if (!double.IsNaN(patch.Views)) { p.Views = patch.Views; }
            if (patch.Published.Length > 0) { p.Published = patch.Published; }
            if (patch.Author.Length > 0) { p.Author = patch.Author; }
            p.Updated = now;
        });
        await WriteAsync(ctx, post);
    }

    /// <summary>Reads the scenario's JSON body fields into <paramref name="post"/>; false when malformed.</summary>
    private static async Task<bool> ReadBodyAsync(HttpContext ctx, Post post)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                switch (p.Name)
                {
                    case "title": post.Title = p.Value.GetString() ?? ""; break;
                    case "body": post.Body = p.Value.GetString() ?? ""; break;
                    case "status": post.Status = p.Value.GetString() ?? ""; break;
                    case "views": post.Views = p.Value.GetDouble(); break;
                    case "published": post.Published = Dates.Normalize(p.Value.GetString() ?? ""); break;
                    case "author": post.Author = p.Value.GetString() ?? ""; break;
                    default: break;
                }
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private async Task WriteAsync(HttpContext ctx, Post? post)
    {
        if (post is null)
        {
            await ErrorAsync(ctx, 404, "The requested resource wasn't found.");
            return;
        }

        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter, WriterOptions);
        _json.WritePost(w, post, null);
        await w.FlushAsync();
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await using var w = new Utf8JsonWriter(ctx.Response.BodyWriter, WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("status", status);
        w.WriteString("message", message);
        w.WriteStartObject("data");
        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync();
    }

    private static string NewId()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(15, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
