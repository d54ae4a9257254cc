using System.Text;
using System.Text.Json.Nodes;
using static Strata.Api.Tests.FileKit;

namespace Strata.Api.Tests;

/// <summary>Serving files (contract §5.1, §5.3): headers, caching, ranges, downloads, protected files and tokens, bad paths.</summary>
public sealed class FilesServeTests
{
    private static readonly byte[] Digits = Encoding.ASCII.GetBytes("0123456789");

    private static void Has(Reply r, string header, string expected) =>
        Blog.Check(r.Header(header) == expected, $"{header}: expected '{expected}', got '{r.Header(header)}'");

    private static async Task<string> UserTokenAsync(Strata.Testing.TestApp app, string email)
    {
        await app.AdminAsync(HttpMethod.Post, "api/collections/users/records", new { email, password = "password-123", passwordConfirm = "password-123" });
        return await Blog.LoginAsync(app, "users", email, "password-123");
    }

    private static async Task<string> FileTokenAsync(Strata.Testing.TestApp app, string auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/files/token");
        var reply = (await SendAsync(app, request, auth)).Expect(200);
        return reply.Json!["token"]!.GetValue<string>();
    }

    public static TheoryData<FileCase> Cases() =>
    [
        new FileCase("an image is served inline with its detected type and the contract's cache headers", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "pic.png", Png(3, 3)));
            var got = (await GetAsync(app, FileUrl(r, Name(r, "images")))).Expect(200);
            Has(got, "Content-Type", "image/png");
            Has(got, "Content-Disposition", "inline; filename=" + Name(r, "images"));
            Has(got, "Cache-Control", "max-age=2592000, stale-while-revalidate=86400");
            Has(got, "Content-Security-Policy", "default-src 'none'; media-src 'self'; style-src 'unsafe-inline'; sandbox");
            Has(got, "Accept-Ranges", "bytes");
            Blog.Check(got.Header("ETag").Length > 2, "an ETag");
        }),
        new FileCase("download=1 (and true) makes it an attachment; other types are attachments anyway", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "pic.png", Png(3, 3)), Part.File("one", "notes.txt", Digits));
            var got = (await GetAsync(app, FileUrl(r, Name(r, "images")) + "?download=1")).Expect(200);
            Has(got, "Content-Disposition", "attachment; filename=" + Name(r, "images"));
            got = (await GetAsync(app, FileUrl(r, Name(r, "images")) + "?download=true")).Expect(200);
            Blog.Check(got.Header("Content-Disposition").StartsWith("attachment", StringComparison.Ordinal), "download=true");
            got = (await GetAsync(app, FileUrl(r, Name(r, "one")))).Expect(200);
            Has(got, "Content-Disposition", "attachment; filename=" + Name(r, "one"));
            Has(got, "Content-Type", "text/plain; charset=utf-8");
        }),
        new FileCase("If-None-Match with the ETag gives 304 with no body", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "notes.txt", Digits));
            var first = (await GetAsync(app, FileUrl(r, Name(r, "one")))).Expect(200);
            var again = (await GetAsync(app, FileUrl(r, Name(r, "one")), headers: new Dictionary<string, string> { ["If-None-Match"] = first.Header("ETag") })).Expect(304);
            Blog.Check(again.Bytes.Length == 0, "empty 304");
            (await GetAsync(app, FileUrl(r, Name(r, "one")), headers: new Dictionary<string, string> { ["If-None-Match"] = "\"other\"" })).Expect(200);
        }),
        new FileCase("byte ranges: 206 with Content-Range, suffix ranges, 416 past the end", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "notes.txt", Digits));
            var url = FileUrl(r, Name(r, "one"));
            var got = (await GetAsync(app, url, headers: new Dictionary<string, string> { ["Range"] = "bytes=2-5" })).Expect(206);
            Blog.Check(Encoding.ASCII.GetString(got.Bytes) == "2345", "middle: " + got.Text);
            Has(got, "Content-Range", "bytes 2-5/10");
            got = (await GetAsync(app, url, headers: new Dictionary<string, string> { ["Range"] = "bytes=-3" })).Expect(206);
            Blog.Check(got.Text == "789", "suffix: " + got.Text);
            got = (await GetAsync(app, url, headers: new Dictionary<string, string> { ["Range"] = "bytes=7-" })).Expect(206);
            Blog.Check(got.Text == "789", "open end: " + got.Text);
            got = (await GetAsync(app, url, headers: new Dictionary<string, string> { ["Range"] = "bytes=50-60" })).Expect(416);
            Has(got, "Content-Range", "bytes */10");
            got = (await GetAsync(app, url, headers: new Dictionary<string, string> { ["Range"] = "bytes=0-1,4-5" })).Expect(200);
            Blog.Check(got.Text == "0123456789", "several ranges give the whole file");
        }),
        new FileCase("missing collection, record or name, and crafted paths are 404", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "notes.txt", Digits));
            var name = Name(r, "one");
            var id = r["id"]!.GetValue<string>();
            string[] urls =
            [
                $"/api/files/nope/{id}/{name}",
                $"/api/files/docs/aaaaaaaaaaaaaaa/{name}",
                $"/api/files/docs/{id}/other_1234567890.txt",
                $"/api/files/docs/{id}/..%2F..%2Fdata.db",
                $"/api/files/docs/{id}/%2E%2E",
                $"/api/files/docs/..%2F{id}/{name}",
                $"/api/files/docs/{id}/thumbs_{name}",
            ];
            foreach (var url in urls)
            {
                var got = await GetAsync(app, url);
                Blog.Check(got.Status == 404, $"{url} gave {got.Status}: {got.Text}");
                Blog.Check(got.Text.Contains("\"status\":404", StringComparison.Ordinal), "contract error body: " + got.Text);
            }

            // Kestrel itself refuses a NUL in the path, before any routing.
            var nul = await GetAsync(app, $"/api/files/docs/{id}/{name}%00.txt");
            Blog.Check(nul.Status is 400 or 404, "NUL: " + nul.Status);
            (await GetAsync(app, $"/api/files/{r["collectionName"]}/{id}/{name}")).Expect(200);
        }),
        new FileCase("file tokens: guests get 401; a signed-in user gets a short-lived JWT of type file", async app =>
        {
            using (var request = new HttpRequestMessage(HttpMethod.Post, "api/files/token"))
            {
                var guest = await SendAsync(app, request, null);
                guest.Expect(401);
            }

            var token = await FileTokenAsync(app, await UserTokenAsync(app, "ann@example.com"));
            var payload = JsonNode.Parse(Convert.FromBase64String(PadBase64(token.Split('.')[1])))!;
            Blog.Check(payload["type"]!.GetValue<string>() == "file", "type file");
            var exp = payload["exp"]!.GetValue<long>() - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Blog.Check(exp is > 150 and <= 181, "about 180 s: " + exp);
            Blog.Check(payload["collectionId"]!.GetValue<string>() == "_pb_users_auth_", "collectionId");
        }),
        new FileCase("a protected file needs a valid file token; the viewRule is checked with the token's record", async app =>
        {
            var annAuth = await UserTokenAsync(app, "ann@example.com");
            var bobAuth = await UserTokenAsync(app, "bob@example.com");
            var r = await CreateAsync(app, Part.Text("title", "ann@example.com"), Part.File("secret", "secret.txt", Digits));
            var url = FileUrl(r, Name(r, "secret"));
            (await GetAsync(app, url)).Expect(404);
            (await GetAsync(app, url, annAuth)).Expect(404); // the Authorization header does not count, only ?token=
            (await GetAsync(app, url + "?token=" + annAuth)).Expect(404); // an auth token is not a file token
            var annFile = await FileTokenAsync(app, annAuth);
            var got = (await GetAsync(app, url + "?token=" + annFile)).Expect(200);
            Blog.Check(got.Text == "0123456789", "content");
            Blog.Check(got.Header("Cache-Control").Contains("private", StringComparison.Ordinal), "private cache");
            (await GetAsync(app, url + "?token=" + await FileTokenAsync(app, bobAuth))).Expect(404);
            (await GetAsync(app, url + "?token=" + annFile[..^2] + "xx")).Expect(404);
            (await GetAsync(app, url + "?token=" + await FileTokenAsync(app, "superuser"))).Expect(200);
            // Unprotected fields of the same record need no token.
            r = (await SendAsync(app, "PATCH", Docs + "/" + r["id"], [Part.File("one", "open.txt", Digits)], "superuser")).Expect(200).Json!;
            (await GetAsync(app, FileUrl(r, Name(r, "one")))).Expect(200);
        }, ViewRule: "@request.auth.email = title && @request.context = 'protectedFile'"),
        new FileCase("a protected file in a superuser-only collection needs a superuser's file token", async app =>
        {
            var annAuth = await UserTokenAsync(app, "ann@example.com");
            var r = await CreateAsync(app, Part.File("secret", "secret.txt", Digits));
            var url = FileUrl(r, Name(r, "secret"));
            (await GetAsync(app, url + "?token=" + await FileTokenAsync(app, annAuth))).Expect(404);
            (await GetAsync(app, url + "?token=" + await FileTokenAsync(app, "superuser"))).Expect(200);
        }, ViewRule: null),
    ];

    private static string PadBase64(string s) => s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(FileCase row) => row.RunAsync();
}
