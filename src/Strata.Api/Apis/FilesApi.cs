using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Files;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

/// <summary>The files API of contract §5: serving record files (thumbnails, downloads, protected files) and file tokens.</summary>
public static class FilesApi
{
    /// <summary>Maps <c>POST /api/files/token</c> and <c>GET /api/files/{collection}/{recordId}/{filename}</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/files/token", Token);
        app.MapMethods("/api/files/{collection}/{recordId}/{filename}", [HttpMethods.Get, HttpMethods.Head], Serve);
        return app;
    }

    private static JsonResponse Token(HttpContext context, TokenService tokens)
    {
        var auth = context.Strata().RequireAuth();
        return JsonResponse.Of(new JsonObject { ["token"] = tokens.CreateFileToken(auth) });
    }

    private static async Task Serve(HttpContext context, StrataEngine engine, AuthService auth, string collection, string recordId, string filename)
    {
        var ct = context.RequestAborted;
        // Only names a record holds are served, and stored names are plain (no '/', no leading '.'), so a crafted name
        // ("../x", "a%2Fb") can never reach the store.
        var c = engine.Schema.Current.Find(collection);
        if (c is null || c.Type == CollectionType.View || !FileNames.IsValid(filename) || recordId.Length is 0 or > 255)
        {
            throw StrataException.NotFound();
        }

        var record = await engine.Records.FindAsync(c, recordId, ct) ?? throw StrataException.NotFound();
        var field = FileService.FieldHolding(record, filename) ?? throw StrataException.NotFound();
        if (field.Protected)
        {
            await RequireFileAccessAsync(context, engine, auth, record);
        }

        var store = engine.Files.Store;
        var key = BlobKeys.File(c.Id, record.Id, filename);
        var head = await HeadAsync(store, key, ct) ?? throw StrataException.NotFound();
        var mime = MimeSniffer.ForServing(head, filename);
        var served = filename;
        var thumb = context.Request.Query["thumb"].FirstOrDefault();
        if (!string.IsNullOrEmpty(thumb) && await engine.Files.ThumbAsync(record, field, filename, thumb, mime, ct) is { } thumbKey &&
            await HeadAsync(store, thumbKey, ct) is { } thumbHead)
        {
            (key, served) = (thumbKey, thumb + "_" + filename);
            mime = MimeSniffer.ForServing(thumbHead, served);
        }

        var info = await store.StatAsync(key, ct) ?? throw StrataException.NotFound();
        await FileResponse.WriteAsync(context, store, key, info, mime, served, FileResponse.IsTrue(context.Request.Query["download"].FirstOrDefault()), field.Protected);
    }

    /// <summary>
    /// A protected file needs a valid file token, and the collection's viewRule must hold with <c>@request.auth</c> set
    /// to the token's record and <c>@request.context</c> = <c>protectedFile</c> (§5.3). Anything else is a 404.
    /// </summary>
    private static async Task RequireFileAccessAsync(HttpContext context, StrataEngine engine, AuthService auth, Record record)
    {
        var owner = await auth.VerifyFileTokenAsync(context.Request.Query["token"].FirstOrDefault(), context.RequestAborted)
            ?? throw StrataException.NotFound();
        var request = new RequestInfo
        {
            Auth = owner,
            Method = "GET",
            Context = "protectedFile",
            Headers = context.RequestInfo().Headers,
            Query = context.RequestInfo().Query,
        };
        if (request.IsSuperuser)
        {
            return;
        }

        var rule = record.Collection.ViewRule;
        if (rule is null || (rule.Trim().Length > 0 && !await engine.Records.RuleHoldsAsync(record.Collection, record.Id, rule, request, context.RequestAborted)))
        {
            throw StrataException.NotFound();
        }
    }

    private static async Task<byte[]?> HeadAsync(IBlobStore store, string key, CancellationToken ct)
    {
        await using var s = await store.GetAsync(key, null, ct);
        if (s is null)
        {
            return null;
        }

        var head = new byte[MimeSniffer.HeadLength];
        var n = 0;
        int read;
        while (n < head.Length && (read = await s.ReadAsync(head.AsMemory(n), ct)) > 0)
        {
            n += read;
        }

        return head[..n];
    }
}
