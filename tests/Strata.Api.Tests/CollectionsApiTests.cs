using System.Text.Json.Nodes;
using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>The collections API (contract §2.5): access, list, view, create, update, delete, truncate, import, scaffolds, migrations.</summary>
public sealed class CollectionsApiTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private const string C = "/api/collections";

    public static TheoryData<ApiScenario> ReadScenarios() =>
    [
        Get("list as guest is 401", C, 401, has: ["\"message\":\"The request requires valid record authorization token.\""]) with { After = ErrorShape(401) },
        Get("list as a user is 403", C, 403, "{aliceToken}", has: ["\"message\":\"The authorized record is not allowed to perform this action.\""]) with { After = ErrorShape(403) },
        Get("list as superuser", C, 200, "superuser", has: ["\"name\":\"posts\"", "\"name\":\"_superusers\"", "\"page\":1", "\"perPage\":30"]),
        Get("list with filter", C + "?filter=" + Uri.EscapeDataString("name = 'posts'"), 200, "superuser", has: ["\"totalItems\":1", "\"name\":\"posts\""]),
        Get("list filter by type", C + "?filter=" + Uri.EscapeDataString("type = 'auth'") + "&sort=name", 200, "superuser", has: ["\"totalItems\":2"]) with { After = Order("name", "_superusers", "users") },
        Get("list filter by system", C + "?filter=system=true&fields=name", 200, "superuser", has: ["\"name\":\"_superusers\""], hasNot: ["\"name\":\"posts\""]),
        Get("list sort desc and perPage", C + "?sort=-name&perPage=2", 200, "superuser", has: ["\"perPage\":2"]) with { After = Order("name", "users", "tags") },
        Get("list skipTotal", C + "?skipTotal=1", 200, "superuser", has: ["\"totalItems\":-1", "\"totalPages\":-1"]),
        Get("list bad filter", C + "?filter=" + Uri.EscapeDataString("nope = 1"), 400, "superuser"),
        Get("list bad sort", C + "?sort=nope", 400, "superuser"),
        Get("view by name", C + "/posts", 200, "superuser", has: ["\"id\":\"{postsId}\"", "\"type\":\"base\"", "\"system\":false", "\"deleteRule\":\"author = @request.auth.id\"", "\"indexes\":["]),
        Get("view by id", C + "/{postsId}", 200, "superuser", has: ["\"name\":\"posts\""]),
        Get("view superusers by its fixed id", C + "/pbc_3142635823", 200, "superuser", has: ["\"name\":\"_superusers\"", "\"system\":true"]),
        Get("view auth collection hides secrets", C + "/users", 200, "superuser", has: ["\"authToken\":{\"duration\":", "\"passwordAuth\":{\"enabled\":true", "\"id\":\"_pb_users_auth_\""], hasNot: ["\"secret\""]),
        Get("view with fields", C + "/posts?fields=name,type", 200, "superuser", has: ["{\"name\":\"posts\",\"type\":\"base\"}"]),
        Get("view unknown", C + "/nope", 404, "superuser", has: ["\"status\":404"]) with { After = ErrorShape(404) },
        Get("view as guest", C + "/posts", 401),
        Get("scaffolds", C + "/meta/scaffolds", 200, "superuser", has: ["\"auth\":{", "\"base\":{", "\"view\":{", "\"name\":\"\""]),
        Get("scaffolds as guest", C + "/meta/scaffolds", 401),
        Get("oauth2 providers", C + "/meta/oauth2-providers", 200, "superuser", has: ["[]"]),
        Send("create duplicate name case-insensitively", "POST", C, new { name = "POSTS" }, 400, "superuser", has: ["\"message\":\"Failed to create collection.\"", "\"name\":{\"code\":\"validation_collection_name_exists\""]),
        Send("create with an invalid name", "POST", C, new { name = "bad name" }, 400, "superuser", has: ["\"name\":{\"code\":"]),
        Send("create without a name", "POST", C, new { type = "base" }, 400, "superuser", has: ["\"name\":{\"code\":\"validation_required\""]),
        Send("create with an unknown type", "POST", C, new { name = "t1", type = "nope" }, 400, "superuser", has: ["\"type\":{\"code\":"]),
        Send("create with an unknown field type", "POST", C, new { name = "t2", fields = new object[] { new { name = "f", type = "nope" } } }, 400, "superuser", has: ["\"fields\":"]),
        Send("create with a reserved field name", "POST", C, new { name = "t3", fields = new object[] { new { name = "expand", type = "text" } } }, 400, "superuser", has: ["\"fields\":"]),
        Send("create with duplicate field names", "POST", C, new { name = "t4", fields = new object[] { new { name = "a", type = "text" }, new { name = "a", type = "number" } } }, 400, "superuser", has: ["\"fields\":"]),
        Send("create with a broken rule", "POST", C, new { name = "t5", listRule = "id = " }, 400, "superuser", has: ["\"listRule\":{\"code\":"]),
        Send("create with a relation to a missing collection", "POST", C, new { name = "t6", fields = new object[] { new { name = "r", type = "relation", collectionId = "pbc_0" } } }, 400, "superuser", has: ["\"fields\":"]),
        Send("create as a user", "POST", C, new { name = "t7" }, 403, "{aliceToken}"),
        Send("delete a system collection", "DELETE", C + "/_superusers", null, 400, "superuser"),
        Send("delete a referenced collection", "DELETE", C + "/tags", null, 400, "superuser") with { After = async (app, _) => await app.AdminAsync(HttpMethod.Get, "api/collections/tags") },
        Send("delete unknown", "DELETE", C + "/nope", null, 404, "superuser"),
        Send("truncate unknown", "DELETE", C + "/nope/truncate", null, 404, "superuser"),
        Send("import without collections", "PUT", C + "/import", new { collections = Array.Empty<object>() }, 400, "superuser", has: ["\"message\":\"Failed to import collections.\""]),
        Send("import an invalid collection", "PUT", C + "/import", new { collections = new object[] { new { name = "bad name" } } }, 400, "superuser", has: ["Failed to import collections."]) with
        {
            After = (app, _) => { Blog.Check(app.Engine.Schema.Current.Find("bad name") is null, "nothing imported"); return Task.CompletedTask; },
        },
        Send("import as guest", "PUT", C + "/import", new { collections = new object[] { new { name = "zz" } } }, 401),
    ];

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> EditPosts(Action<JsonObject> edit) => async app =>
    {
        var posts = (await app.AdminAsync(HttpMethod.Get, "api/collections/posts"))!.AsObject();
        edit(posts);
        return new Dictionary<string, string> { ["body"] = posts.ToJsonString() };
    };

    private static JsonObject Field(JsonObject c, string name) => c["fields"]!.AsArray().Select(f => f!.AsObject()).First(f => f["name"]!.GetValue<string>() == name);

    private static Func<TestApp, JsonNode?, Task> MigrationMentions(string text) => (app, _) =>
    {
        var files = Directory.Exists(app.MigrationsDirectory) ? Directory.GetFiles(app.MigrationsDirectory) : [];
        Blog.Check(files.Any(f => File.ReadAllText(f).Contains(text, StringComparison.Ordinal)), $"a migration file in {app.MigrationsDirectory} mentions {text} ({files.Length} files)");
        return Task.CompletedTask;
    };

    public static TheoryData<ApiScenario> WriteScenarios() =>
    [
        Send("create a base collection", "POST", C, new { name = "things", fields = new object[] { new { name = "label", type = "text" } } }, 200, "superuser",
            has: ["\"name\":\"things\"", "\"id\":\"pbc_", "\"type\":\"base\"", "\"listRule\":null", "\"name\":\"id\"", "\"primaryKey\":true"], hasNot: ["\"name\":\"created\""]) with
        {
            After = async (app, body) =>
            {
                await MigrationMentions("things")(app, body);
                var rec = await app.AdminAsync(HttpMethod.Post, "api/collections/things/records", new { label = "L" });
                Blog.Check(rec!["label"]!.GetValue<string>() == "L", "new collection takes records");
            },
        },
        Send("create an auth collection", "POST", C, new { name = "members", type = "auth" }, 200, "superuser",
            has: ["\"type\":\"auth\"", "\"authToken\":{\"duration\":432000}", "\"name\":\"email\"", "\"name\":\"password\"", "\"authRule\":\"\"", "\"manageRule\":null"], hasNot: ["\"secret\""]),
        Send("create with explicit rules and unique index", "POST", C, new
        {
            name = "codes",
            listRule = "",
            fields = new object[] { new { name = "code", type = "text" } },
            indexes = new[] { "CREATE UNIQUE INDEX `idx_codes` ON `codes` (`code`)" },
        }, 200, "superuser", has: ["\"listRule\":\"\"", "idx_codes"]) with
        {
            After = async (app, _) =>
            {
                await app.AdminAsync(HttpMethod.Post, "api/collections/codes/records", new { code = "c1" });
                await new ApiScenario { Name = "unique on new index", Method = "POST", Url = "/api/collections/codes/records", Body = new { code = "c1" }, As = "superuser", ExpectedStatus = 400, ExpectedContent = ["validation_not_unique"] }.RunAsync(app);
            },
        },
        Send("rename a field keeps its data", "PATCH", C + "/posts", "{body}", 200, "superuser", has: ["\"name\":\"heading\""]) with
        {
            Setup = EditPosts(c => Field(c, "title")["name"] = "heading"),
            After = async (app, body) =>
            {
                Blog.Check(await Blog.CountAsync(app, "posts", "heading = 'Published by Alice'") == 1, "renamed field keeps data");
                await MigrationMentions("heading")(app, body);
            },
        },
        Send("add a field", "PATCH", C + "/posts", "{body}", 200, "superuser", has: ["\"name\":\"rating\""]) with
        {
            Setup = EditPosts(c => c["fields"]!.AsArray().Add(new JsonObject { ["name"] = "rating", ["type"] = "number" })),
            After = async (app, _) =>
            {
                var r = await Blog.GetAsync(app, "posts", Blog.V("pub"));
                Blog.Check(r["rating"]?.GetValue<double>() == 0 && r["title"]!.GetValue<string>() == "Published by Alice", "new field is zero, old data kept");
            },
        },
        Send("remove a field", "PATCH", C + "/posts", "{body}", 200, "superuser", hasNot: ["\"name\":\"featured\""]) with
        {
            Setup = EditPosts(c => c["fields"]!.AsArray().Remove(Field(c, "featured"))),
            After = async (app, _) => Blog.Check((await Blog.GetAsync(app, "posts", Blog.V("pub")))["featured"] is null, "removed field gone from records"),
        },
        Send("change rules", "PATCH", C + "/posts", new { listRule = "" }, 200, "superuser", has: ["\"listRule\":\"\""]) with
        {
            After = async (app, _) => await new ApiScenario { Name = "guest sees all", Url = "/api/collections/posts/records", ExpectedStatus = 200, ExpectedContent = ["\"totalItems\":3"] }.RunAsync(app),
        },
        Send("lock a collection", "PATCH", C + "/open", new { listRule = (string?)null }, 200, "superuser", has: ["\"listRule\":null"]) with
        {
            After = async (app, _) => await new ApiScenario { Name = "guest locked out", Url = "/api/collections/open/records", ExpectedStatus = 403 }.RunAsync(app),
        },
        Send("update with a broken rule changes nothing", "PATCH", C + "/posts", new { listRule = "nope ~" }, 400, "superuser", has: ["\"message\":\"Failed to update collection.\"", "\"listRule\":{\"code\":"]) with
        {
            After = async (app, _) => Blog.Check((await app.AdminAsync(HttpMethod.Get, "api/collections/posts"))!["listRule"]!.GetValue<string>().StartsWith("status", StringComparison.Ordinal), "rule unchanged"),
        },
        Send("rename a collection", "PATCH", C + "/open", new { name = "opened" }, 200, "superuser", has: ["\"name\":\"opened\""]) with
        {
            After = async (app, _) =>
            {
                Blog.Check(await Blog.CountAsync(app, "opened") == 1, "records follow the rename");
                await new ApiScenario { Name = "old name gone", Url = "/api/collections/open/records", ExpectedStatus = 404 }.RunAsync(app);
            },
        },
        Send("rename to an existing name", "PATCH", C + "/open", new { name = "posts" }, 400, "superuser", has: ["validation_collection_name_exists"]),
        Send("change system collection rules", "PATCH", C + "/_superusers", new { listRule = "" }, 400, "superuser") with
        {
            After = async (app, _) => Blog.Check((await app.AdminAsync(HttpMethod.Get, "api/collections/_superusers"))!["listRule"] is null, "superusers still locked"),
        },
        Send("delete a collection", "DELETE", C + "/open", null, 204, "superuser") with
        {
            After = async (app, body) =>
            {
                Blog.Check(body is null, "empty body");
                await new ApiScenario { Name = "records gone", Url = "/api/collections/open/records", ExpectedStatus = 404, ExpectedContent = ["Missing collection context."] }.RunAsync(app);
                await MigrationMentions("open")(app, body);
            },
        },
        Send("truncate", "DELETE", C + "/posts/truncate", null, 204, "superuser") with
        {
            After = async (app, _) =>
            {
                Blog.Check(await Blog.CountAsync(app, "posts") == 0, "posts emptied");
                Blog.Check(await Blog.CountAsync(app, "comments") == 0, "cascade on truncate");
                Blog.Check(await Blog.CountAsync(app, "tags") == 2, "other collections untouched");
            },
        },
        Send("import a new collection and update an existing one", "PUT", C + "/import", new
        {
            collections = new object[]
            {
                new { name = "imported", fields = new object[] { new { name = "x", type = "text" } } },
                new { name = "open", listRule = "", viewRule = "", createRule = (string?)null, updateRule = "", deleteRule = "", fields = new object[] { new { name = "name", type = "text" }, new { name = "n", type = "number" } } },
            },
        }, 204, "superuser") with
        {
            After = async (app, _) =>
            {
                await app.AdminAsync(HttpMethod.Get, "api/collections/imported");
                Blog.Check((await app.AdminAsync(HttpMethod.Get, "api/collections/open"))!["createRule"] is null, "open updated by import");
                Blog.Check(await Blog.CountAsync(app, "open") == 1, "open keeps its records");
            },
        },
        Send("truncate a view", "DELETE", C + "/pv/truncate", null, 400, "superuser") with
        {
            Setup = async app =>
            {
                await app.AdminAsync(HttpMethod.Post, "api/collections", new
                {
                    name = "pv", type = "view", viewQuery = "SELECT id, name FROM tags",
                    fields = new object[] { new { name = "id", type = "text", primaryKey = true }, new { name = "name", type = "text" } },
                });
                return new Dictionary<string, string>();
            },
        },
    ];

    [Theory]
    [MemberData(nameof(ReadScenarios))]
    public Task Read(ApiScenario scenario) => fixture.RunAsync(scenario);

    [Theory]
    [MemberData(nameof(WriteScenarios))]
    public Task Write(ApiScenario scenario) => scenario.RunFreshAsync();
}
