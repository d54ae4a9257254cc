using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// The shared test schema: users alice and bob, <c>tags</c>, <c>posts</c> (owner rules, every common field type),
/// <c>comments</c> (required cascade relation to posts), <c>likes</c> (required non-cascade relation to posts),
/// <c>locked</c> (all rules null) and <c>open</c> (all rules ""). <see cref="SeedAsync"/> returns the placeholders.
/// </summary>
internal static class Blog
{
    /// <summary>The seeded placeholders of the running row, for Setup and After checks that need ids or tokens.</summary>
    public static readonly AsyncLocal<Dictionary<string, string>?> Current = new();

    /// <summary>A seeded placeholder of the running row.</summary>
    public static string V(string key) => Current.Value![key];

    public const string AlicePassword = "alice-password-1";
    public const string BobPassword = "bob-password-12";

    public static async Task<IReadOnlyDictionary<string, string>> SeedAsync(TestApp app)
    {
        var v = new Dictionary<string, string>();

        // bcrypt at the default cost dominates a fresh app's seeding; the password field's own cost option (§2.3) keeps it cheap.
        var users = (await app.AdminAsync(HttpMethod.Get, "api/collections/users"))!.AsObject();
        foreach (var f in users["fields"]!.AsArray())
        {
            if (f!["type"]!.GetValue<string>() == "password")
            {
                f["cost"] = 4;
            }
        }

        await app.AdminAsync(HttpMethod.Patch, "api/collections/users", new { fields = users["fields"] });
        var alice = await app.AdminAsync(HttpMethod.Post, "api/collections/users/records",
            new { email = "alice@strata.test", password = AlicePassword, passwordConfirm = AlicePassword, name = "Alice", verified = true });
        var bob = await app.AdminAsync(HttpMethod.Post, "api/collections/users/records",
            new { email = "bob@strata.test", password = BobPassword, passwordConfirm = BobPassword, name = "Bob", emailVisibility = true });
        v["alice"] = Id(alice);
        v["bob"] = Id(bob);
        v["aliceToken"] = await LoginAsync(app, "users", "alice@strata.test", AlicePassword);
        v["bobToken"] = await LoginAsync(app, "users", "bob@strata.test", BobPassword);

        var tags = await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "tags",
            listRule = "",
            viewRule = "",
            fields = new object[] { new { name = "name", type = "text", required = true } },
            indexes = new[] { "CREATE UNIQUE INDEX `idx_tags_name` ON `tags` (`name`)" },
        });
        var tagsId = tags!["id"]!.GetValue<string>();
        const string owner = "author = @request.auth.id";
        var posts = await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "posts",
            listRule = "status = \"published\" || " + owner,
            viewRule = "status = \"published\" || " + owner,
            createRule = "@request.auth.id != \"\" && " + owner,
            updateRule = owner,
            deleteRule = owner,
            fields = new object[]
            {
                new { name = "title", type = "text", required = true, max = 100 },
                new { name = "body", type = "editor" },
                new { name = "views", type = "number" },
                new { name = "status", type = "select", values = new[] { "draft", "published" }, maxSelect = 1 },
                new { name = "labels", type = "select", values = new[] { "a", "b", "c" }, maxSelect = 3 },
                new { name = "tags", type = "relation", collectionId = tagsId, maxSelect = 5 },
                new { name = "author", type = "relation", collectionId = "_pb_users_auth_", maxSelect = 1 },
                new { name = "meta", type = "json" },
                new { name = "featured", type = "bool" },
                new { name = "secret", type = "text", hidden = true },
                new { name = "slug", type = "text", autogeneratePattern = "[a-z]{6}" },
                new { name = "created", type = "autodate", onCreate = true },
                new { name = "updated", type = "autodate", onCreate = true, onUpdate = true },
            },
            indexes = new[] { "CREATE UNIQUE INDEX `idx_posts_slug` ON `posts` (`slug`) WHERE `slug` != ''" },
        });
        var postsId = posts!["id"]!.GetValue<string>();
        v["postsId"] = postsId;
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "comments",
            listRule = "",
            viewRule = "",
            createRule = "@request.auth.id != \"\"",
            fields = new object[]
            {
                new { name = "message", type = "text" },
                new { name = "post", type = "relation", collectionId = postsId, maxSelect = 1, required = true, cascadeDelete = true },
                new { name = "user", type = "relation", collectionId = "_pb_users_auth_", maxSelect = 1 },
            },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "likes",
            listRule = "",
            viewRule = "",
            fields = new object[]
            {
                new { name = "post", type = "relation", collectionId = postsId, maxSelect = 1, required = true },
            },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "locked",
            fields = new object[] { new { name = "name", type = "text" } },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "open",
            listRule = "",
            viewRule = "",
            createRule = "",
            updateRule = "",
            deleteRule = "",
            fields = new object[] { new { name = "name", type = "text" }, new { name = "n", type = "number" } },
        });

        v["tagX"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/tags/records", new { name = "x" }));
        v["tagY"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/tags/records", new { name = "y" }));
        v["pub"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/posts/records", new
        {
            title = "Published by Alice",
            body = "<p>Hello <b>world</b>, this is a long body</p>",
            views = 10,
            status = "published",
            labels = new[] { "a", "b" },
            tags = new[] { v["tagX"], v["tagY"] },
            author = v["alice"],
            meta = new { k = "v", n = 1 },
            secret = "s3cret",
        }));
        v["draft"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/posts/records", new
        {
            title = "Draft by Alice", views = 5, status = "draft", author = v["alice"],
        }));
        v["bobPost"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/posts/records", new
        {
            title = "Bob draft", views = 1, status = "draft", author = v["bob"], tags = new[] { v["tagY"] },
        }));
        v["comment"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/comments/records", new
        {
            message = "nice", post = v["pub"], user = v["bob"],
        }));
        v["lockedRow"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/locked/records", new { name = "l1" }));
        v["openRow"] = Id(await app.AdminAsync(HttpMethod.Post, "api/collections/open/records", new { name = "o1", n = 1 }));
        return v;
    }

    /// <summary>The id of the first record matching a filter (as the superuser).</summary>
    public static async Task<string> FindAsync(TestApp app, string collection, string filter)
    {
        var list = await app.AdminAsync(HttpMethod.Get, $"api/collections/{collection}/records?perPage=1&filter={Uri.EscapeDataString(filter)}");
        return list!["items"]![0]!["id"]!.GetValue<string>();
    }

    public static string Id(JsonNode? record) => record!["id"]!.GetValue<string>();

    public static async Task<string> LoginAsync(TestApp app, string collection, string identity, string password)
    {
        using var response = await app.Client.PostAsJsonAsync($"api/collections/{collection}/auth-with-password", new { identity, password });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"login {identity} gave {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!["token"]!.GetValue<string>();
    }

    /// <summary>Counts the records of a collection as the superuser.</summary>
    public static async Task<long> CountAsync(TestApp app, string collection, string? filter = null)
    {
        var q = filter is null ? "" : "&filter=" + Uri.EscapeDataString(filter);
        var list = await app.AdminAsync(HttpMethod.Get, $"api/collections/{collection}/records?perPage=1{q}");
        return list!["totalItems"]!.GetValue<long>();
    }

    /// <summary>Reads one record as the superuser.</summary>
    public static async Task<JsonNode> GetAsync(TestApp app, string collection, string id) =>
        (await app.AdminAsync(HttpMethod.Get, $"api/collections/{collection}/records/{id}"))!;

    /// <summary>Asserts a condition inside an <see cref="ApiScenario.After"/> check.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new ScenarioFailedException("after-check failed: " + what);
        }
    }

    /// <summary>A multipart/form-data body as raw text plus its content type (usable in an <see cref="ApiScenario"/>).</summary>
    public static (string Body, string ContentType) Multipart(params (string Name, string Value)[] parts)
    {
        const string boundary = "----strataTestBoundary7MA4YWxk";
        var sb = new StringBuilder();
        foreach (var (name, value) in parts)
        {
            sb.Append("--").Append(boundary).Append("\r\n");
            sb.Append("Content-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n");
            sb.Append(value).Append("\r\n");
        }

        sb.Append("--").Append(boundary).Append("--\r\n");
        return (sb.ToString(), "multipart/form-data; boundary=" + boundary);
    }
}
