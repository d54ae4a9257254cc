using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Strata.Api.Tests.FileKit;

namespace Strata.Api.Tests;

/// <summary>Uploads into file fields (contract §2.6, §5.4): naming, modifiers, limits checked on the bytes, clean-up after commit and after rollback.</summary>
public sealed class FilesUploadTests
{
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello, file\n");

    private static void Matches(string name, string pattern) => Blog.Check(Regex.IsMatch(name, pattern), $"{name} matches {pattern}");

    private static async Task NothingStoredAsync(Strata.Testing.TestApp app)
    {
        var c = app.Engine.Schema.Current.Find("docs")!;
        // Any record folder left would hold an orphan; list through the store by probing the collection prefix on disk or S3.
        var list = await app.AdminAsync(HttpMethod.Get, "api/collections/docs/records");
        Blog.Check(list!["totalItems"]!.GetValue<int>() == 0, "no record was written");
        Blog.Check(await Orphans.CountAsync(app, c.Id) == 0, "no file was left in storage");
    }

    public static TheoryData<FileCase> Cases() =>
    [
        new FileCase("a single upload gets a sanitised name with 10 random chars and is stored", async app =>
        {
            var r = await CreateAsync(app, Part.Text("title", "t"), Part.File("one", "My Report.TXT", Hello));
            Matches(Name(r, "one"), "^my_report_[a-z0-9]{10}\\.TXT$");
            Blog.Check(await StoredAsync(app, r, Name(r, "one")), "stored");
            var got = (await GetAsync(app, FileUrl(r, Name(r, "one")))).Expect(200);
            Blog.Check(got.Bytes.SequenceEqual(Hello), "same bytes back");
        }),
        new FileCase("two-segment extensions are kept, long and odd names are cut and cleaned", async app =>
        {
            var r = await CreateAsync(app, Part.File("many", "backup.tar.gz", Hello), Part.File("many", new string('a', 3000) + ".bin", Hello),
                Part.File("many", "../../etc/pa$$wd", Hello));
            var names = Names(r, "many");
            Matches(names[0], "^backup_[a-z0-9]{10}\\.tar\\.gz$");
            Blog.Check(names[1].Length <= 150 && names[1].StartsWith(new string('a', 100) + "_", StringComparison.Ordinal), "long name cut: " + names[1]);
            Matches(names[2], "^pa_wd_[a-z0-9]{10}\\.txt$");
        }),
        new FileCase("several uploads under a multi field keep their order", async app =>
        {
            var r = await CreateAsync(app, Part.File("many", "alpha.txt", Hello), Part.File("many", "bravo.txt", Hello));
            var names = Names(r, "many");
            Blog.Check(names.Count == 2 && names[0].StartsWith("alpha_", StringComparison.Ordinal) && names[1].StartsWith("bravo_", StringComparison.Ordinal), string.Join(",", names));
        }),
        new FileCase("field+ appends, +field prepends, field- removes by name and deletes the file after commit", async app =>
        {
            var r = await CreateAsync(app, Part.File("many", "alpha.txt", Hello));
            var a = Name(r, "many");
            var url = Docs + "/" + r["id"];
            r = (await SendAsync(app, "PATCH", url, [Part.File("many+", "bravo.txt", Hello)], "superuser")).Expect(200).Json!;
            r = (await SendAsync(app, "PATCH", url, [Part.File("+many", "charlie.txt", Hello)], "superuser")).Expect(200).Json!;
            var names = Names(r, "many");
            Blog.Check(names.Count == 3 && names[0].StartsWith("charlie_", StringComparison.Ordinal) && names[1] == a && names[2].StartsWith("bravo_", StringComparison.Ordinal), string.Join(",", names));
            r = (await SendAsync(app, "PATCH", url, [Part.Text("many-", a)], "superuser")).Expect(200).Json!;
            Blog.Check(!Names(r, "many").Contains(a) && Names(r, "many").Count == 2, "removed from the record");
            await EventuallyAsync(async () => !await StoredAsync(app, r, a), "the removed file is deleted from storage");
            Blog.Check(await StoredAsync(app, r, Name(r, "many", 0)), "the others stay");
        }),
        new FileCase("setting the names replaces the list; an upload under the plain key keeps the text names sent with it", async app =>
        {
            var r = await CreateAsync(app, Part.File("many", "alpha.txt", Hello), Part.File("many", "bravo.txt", Hello));
            var (a, b) = (Name(r, "many", 0), Name(r, "many", 1));
            var url = Docs + "/" + r["id"];
            r = (await SendAsync(app, "PATCH", url, [Part.Text("many", a), Part.File("many", "charlie.txt", Hello)], "superuser")).Expect(200).Json!;
            var names = Names(r, "many");
            Blog.Check(names.Count == 2 && names[0] == a && names[1].StartsWith("charlie_", StringComparison.Ordinal), string.Join(",", names));
            await EventuallyAsync(async () => !await StoredAsync(app, r, b), "b is deleted");
            r = (await app.AdminAsync(HttpMethod.Patch, url.TrimStart('/'), new { many = Array.Empty<string>() }))!;
            Blog.Check(Names(r, "many").Count == 0, "cleared");
            await EventuallyAsync(async () => !await StoredAsync(app, r, a), "a is deleted after clearing");
        }),
        new FileCase("a new upload to a single field replaces the old file", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "alpha.txt", Hello));
            var old = Name(r, "one");
            r = (await SendAsync(app, "PATCH", Docs + "/" + r["id"], [Part.File("one", "bravo.txt", Hello)], "superuser")).Expect(200).Json!;
            Blog.Check(Name(r, "one").StartsWith("bravo_", StringComparison.Ordinal), "replaced");
            await EventuallyAsync(async () => !await StoredAsync(app, r, old), "old file deleted");
        }),
        new FileCase("too many files is validation_too_many_files and stores nothing", async app =>
        {
            var reply = await SendAsync(app, "POST", Docs, [.. Enumerable.Range(0, 4).Select(i => Part.File("many", $"f{i}.txt", Hello))], "superuser");
            reply.Expect(400);
            Blog.Check(reply.Text.Contains("\"many\":{\"code\":\"validation_too_many_files\"", StringComparison.Ordinal), reply.Text);
            await NothingStoredAsync(app);
        }),
        new FileCase("a file over maxSize is validation_file_size_limit", async app =>
        {
            var reply = await SendAsync(app, "POST", Docs, [Part.File("many", "big.txt", new byte[1001])], "superuser");
            reply.Expect(400);
            Blog.Check(reply.Text.Contains("\"many\":{\"code\":\"validation_file_size_limit\"", StringComparison.Ordinal), reply.Text);
            await NothingStoredAsync(app);
        }),
        new FileCase("MIME types are checked on the bytes: text named .png is refused, a PNG named .txt is accepted", async app =>
        {
            var reply = await SendAsync(app, "POST", Docs, [Part.File("images", "fake.png", Hello)], "superuser");
            reply.Expect(400);
            Blog.Check(reply.Text.Contains("\"images\":{\"code\":\"validation_invalid_mime_type\"", StringComparison.Ordinal), reply.Text);
            await NothingStoredAsync(app);
            var r = await CreateAsync(app, Part.File("images", "real.txt", Png(4, 4)));
            Matches(Name(r, "images"), "^real_[a-z0-9]{10}\\.txt$");
            var got = (await GetAsync(app, FileUrl(r, Name(r, "images")))).Expect(200);
            Blog.Check(got.Header("Content-Type") == "image/png", "served as detected: " + got.Header("Content-Type"));
        }),
        new FileCase("a name without extension gets one from the content", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "noext", Png(2, 2)));
            Matches(Name(r, "images"), "^noext_[a-z0-9]{10}\\.png$");
        }),
        new FileCase("a failed validation elsewhere stores no file", async app =>
        {
            await CreateAsync(app, Part.Text("title", "taken"));
            var reply = await SendAsync(app, "POST", Docs, [Part.Text("title", "taken"), Part.File("one", "alpha.txt", Hello)], "superuser");
            reply.Expect(400);
            var c = app.Engine.Schema.Current.Find("docs")!;
            Blog.Check(await Orphans.CountAsync(app, c.Id) == 0, "no orphan after a unique violation");
        }),
        new FileCase("a create rule that fails after the files were written rolls them back", async app =>
        {
            var reply = await SendAsync(app, "POST", Docs, [Part.Text("title", "deny"), Part.File("one", "alpha.txt", Hello)]);
            reply.Expect(400);
            await NothingStoredAsync(app);
            (await SendAsync(app, "POST", Docs, [Part.Text("title", "ok"), Part.File("one", "alpha.txt", Hello)])).Expect(200);
        }, CreateRule: "title != 'deny'"),
        new FileCase("deleting a record removes its files after commit", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "alpha.txt", Hello), Part.File("images", "p.png", Png(8, 8)));
            (await GetAsync(app, FileUrl(r, Name(r, "images")) + "?thumb=100x100")).Expect(200);
            (await SendAsync(app, new HttpRequestMessage(HttpMethod.Delete, (Docs + "/" + r["id"]).TrimStart('/')), "superuser")).Expect(204);
            var c = app.Engine.Schema.Current.Find("docs")!;
            await EventuallyAsync(async () => await Orphans.CountAsync(app, c.Id) == 0, "the record's folder is gone");
        }),
        new FileCase("the settings choose the store: turning s3.enabled on or off switches where new files go", async app =>
        {
            var s3 = Environment.GetEnvironmentVariable("STRATA_TEST_STORAGE") is "s3";
            Blog.Check(app.StorageName == (s3 ? "s3" : "local"), "store in use: " + app.StorageName);
            var first = await CreateAsync(app, Part.File("one", "first.txt", Hello));
            var key = Strata.Core.Files.BlobKeys.File(first["collectionId"]!.GetValue<string>(), first["id"]!.GetValue<string>(), Name(first, "one"));
            Blog.Check(await app.Engine.Files.Local.ExistsAsync(key) == !s3, "first file on local disk only without S3");
            await app.AdminAsync(HttpMethod.Patch, "api/settings", new { s3 = new { enabled = !s3, bucket = "elsewhere", endpoint = "http://127.0.0.1:9", forcePathStyle = true } });
            Blog.Check(app.StorageName == (s3 ? "local" : "s3"), "switched to " + app.StorageName);
            if (s3)
            {
                var second = await CreateAsync(app, Part.File("one", "second.txt", Hello));
                var key2 = Strata.Core.Files.BlobKeys.File(second["collectionId"]!.GetValue<string>(), second["id"]!.GetValue<string>(), Name(second, "one"));
                Blog.Check(await app.Engine.Files.Local.ExistsAsync(key2), "after switching S3 off, new files go to local disk");
            }
        }),
        new FileCase("a base name under 3 chars gets random padding", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "a.txt", Hello));
            Matches(Name(r, "one"), "^a[a-z0-9]{5}_[a-z0-9]{10}\\.txt$");
        }),
        new FileCase("a plain name that is not on the record is refused", async app =>
        {
            var reply = await SendAsync(app, "POST", Docs, [Part.Text("one", "evil.txt")], "superuser");
            reply.Expect(400);
            Blog.Check(reply.Text.Contains("\"one\":{\"code\":\"validation_invalid_file\"", StringComparison.Ordinal), reply.Text);
        }),
        new FileCase("batch sub-requests take files as requests.N.field", async app =>
        {
            await app.AdminAsync(HttpMethod.Patch, "api/settings", new { batch = new { enabled = true } });
            var payload = new JsonObject
            {
                ["requests"] = new JsonArray(new JsonObject { ["method"] = "POST", ["url"] = Docs, ["body"] = new JsonObject { ["title"] = "b" } }),
            };
            var reply = await SendAsync(app, "POST", "/api/batch", [Part.Text("@jsonPayload", payload.ToJsonString()), Part.File("requests.0.one", "in-batch.txt", Hello)], "superuser");
            reply.Expect(200);
            var record = JsonNode.Parse(reply.Text)![0]!["body"]!;
            Matches(Name(record, "one"), "^in_batch_[a-z0-9]{10}\\.txt$");
            Blog.Check(await StoredAsync(app, record, Name(record, "one")), "stored");
        }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(FileCase row) => row.RunAsync();
}
