using System.Net.Http.Headers;
using System.Text;
using static Strata.Api.Tests.FileKit;

namespace Strata.Api.Tests;

/// <summary>Bad file input gets the contract's 400s (or 404s for reads), never a 500, and leaves no file behind.</summary>
public sealed class FilesBadInputTests
{
    private static async Task<Reply> RawAsync(Strata.Testing.TestApp app, string body, string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Docs.TrimStart('/')) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SendAsync(app, request, "superuser");
    }

    private static async Task ErrorShapeAsync(Strata.Testing.TestApp app, Reply reply, int status)
    {
        reply.Expect(status);
        var json = reply.Json!;
        Blog.Check(json["status"]!.GetValue<int>() == status && json["data"] is System.Text.Json.Nodes.JsonObject, "contract error shape: " + reply.Text);
        Blog.Check(await Orphans.CountAsync(app, app.Engine.Schema.Current.Find("docs")!.Id) == 0, "no file left behind");
    }

    public static TheoryData<FileCase> Cases() =>
    [
        new FileCase("a multipart body cut inside a file part is a 400", async app =>
        {
            const string body = "--b\r\nContent-Disposition: form-data; name=\"one\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhalf a fi";
            await ErrorShapeAsync(app, await RawAsync(app, body, "multipart/form-data; boundary=b"), 400);
        }),
        new FileCase("a multipart body with no boundary parameter is a 400", async app =>
        {
            await ErrorShapeAsync(app, await RawAsync(app, "--b\r\n\r\n", "multipart/form-data"), 400);
        }),
        new FileCase("a file part with a header line of garbage is a 400", async app =>
        {
            const string body = "--b\r\nContent-Disposition: form-data; name=\"one\"; filename=\"a.txt\"\r\n\u0001\u0002garbage\r\n\r\nx\r\n--b--\r\n";
            var reply = await RawAsync(app, body, "multipart/form-data; boundary=b");
            Blog.Check(reply.Status is 400 or 200, "no 500: " + reply.Status);
            Blog.Check(reply.Status != 500, reply.Text);
        }),
        new FileCase("a 4 000-character file name is cut to a valid stored name; one past the multipart header limit is a 400", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", new string('x', 4_000) + "." + new string('e', 500), Encoding.UTF8.GetBytes("x")));
            var name = Name(r, "one");
            Blog.Check(name.Length <= 150 && Strata.Core.Files.FileNames.IsValid(name), "stored name: " + name);
            (await GetAsync(app, FileUrl(r, name))).Expect(200);
            var huge = await SendAsync(app, "POST", Docs, [Part.File("one", new string('x', 40_000) + ".txt", Encoding.UTF8.GetBytes("x"))], "superuser");
            huge.Expect(400);
            Blog.Check(huge.Json!["status"]!.GetValue<int>() == 400, huge.Text);
            Blog.Check(await Orphans.CountAsync(app, r["collectionId"]!.GetValue<string>()) == 1, "only the first file is stored");
        }),
        new FileCase("path-like and control-character file names never leave the record folder", async app =>
        {
            string[] names = ["../../../../etc/passwd", "..\\..\\boot.ini", "/abs/path.txt", "a/../../b.txt", "tab\tand\u0001ctl.txt", "....", ".hidden", "%2e%2e%2fx.txt", "con.txt"];
            var r = await CreateAsync(app, [.. names.Take(3).Select(n => Part.File("many", n, Encoding.UTF8.GetBytes(n)))]);
            foreach (var n in names)
            {
                var one = await CreateAsync(app, Part.File("one", n, Encoding.UTF8.GetBytes("x")));
                var stored = Name(one, "one");
                Blog.Check(Strata.Core.Files.FileNames.IsValid(stored) && !stored.Contains('/', StringComparison.Ordinal) && !stored.Contains("..", StringComparison.Ordinal), $"{n} -> {stored}");
                Blog.Check(await StoredAsync(app, one, stored), "stored inside the record folder");
            }

            Blog.Check(Names(r, "many").Count == 3, "three names");
        }),
        new FileCase("uploads under keys of non-file fields or unknown keys are ignored", async app =>
        {
            var r = await CreateAsync(app, Part.File("title", "t.txt", Encoding.UTF8.GetBytes("x")), Part.File("nope", "n.txt", Encoding.UTF8.GetBytes("x")));
            Blog.Check(r["title"]!.GetValue<string>() == "" && r["nope"] is null, r.ToJsonString());
            Blog.Check(await Orphans.CountAsync(app, app.Engine.Schema.Current.Find("docs")!.Id) == 0, "nothing stored");
        }),
        new FileCase("an upload to a missing record is a 404 and stores nothing", async app =>
        {
            var reply = await SendAsync(app, "PATCH", Docs + "/aaaaaaaaaaaaaaa", [Part.File("one", "a.txt", Encoding.UTF8.GetBytes("x"))], "superuser");
            await ErrorShapeAsync(app, reply, 404);
        }),
        new FileCase("thumb and download parameters with junk values serve the original", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "p.png", Png(5, 5)));
            foreach (var q in new[] { "thumb=99999x99999", "thumb=-1x5", "thumb=%00", "thumb=" + new string('9', 5000), "download=maybe" })
            {
                var got = (await GetAsync(app, FileUrl(r, Name(r, "images")) + "?" + q)).Expect(200);
                Blog.Check(ImageSize(got.Bytes) == (5, 5), q);
            }
        }),
        new FileCase("a malformed file token is a 404, not a 500", async app =>
        {
            var r = await CreateAsync(app, Part.File("secret", "s.txt", Encoding.UTF8.GetBytes("x")));
            foreach (var t in new[] { "x", "a.b.c", new string('a', 5000), "eyJhbGciOiJub25lIn0.eyJ0eXBlIjoiZmlsZSJ9." })
            {
                (await GetAsync(app, FileUrl(r, Name(r, "secret")) + "?token=" + Uri.EscapeDataString(t))).Expect(404);
            }
        }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(FileCase row) => row.RunAsync();
}
