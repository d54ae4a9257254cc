using Strata.Core.Storage;
using Strata.Testing;
using static Strata.Api.Tests.AuthClient;

namespace Strata.Api.Tests;

/// <summary>API keys (/api/strata/api-keys): scopes, role in rules, expiry, revocation, hashed at rest.</summary>
public sealed class ApiKeysTests
{
    /// <summary>A <c>notes</c> collection readable by any signed-in record; only a key with role writer may create.</summary>
    private static async Task<(string AnnId, string Key)> SetUpAsync(TestApp app, string role, object[] scopes, int? expiresIn = null)
    {
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            listRule = "@request.auth.id != ''",
            viewRule = "@request.auth.id != ''",
            createRule = "@request.auth.apiKeyRole = 'writer'",
            fields = new object[] { new { name = "text", type = "text" } },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections/notes/records", new { text = "first" });
        var annId = await CreateUserAsync(app, "ann@strata.test");
        var created = await SendAsync(app, "POST", "api/strata/api-keys", await app.SuperuserTokenAsync(),
            new { name = "console", collection = "users", recordId = annId, role, scopes, expiresIn });
        Blog.Check(created.Status == 200, "key created: " + created.Body?.ToJsonString());
        var key = created.Text("key");
        Blog.Check(key.StartsWith("sk_", StringComparison.Ordinal), "key prefix: " + key);
        return (annId, key);
    }

    public static TheoryData<string, string, object?, int> Scope() => new()
    {
        { "GET", "api/collections/notes/records", null, 200 },
        { "POST", "api/collections/notes/records", new { text = "x" }, 403 },
        { "GET", "api/collections/users/records", null, 403 },
        { "GET", "api/collections", null, 403 },
        { "GET", "api/strata/sessions", null, 403 },
        { "POST", "api/batch", new { requests = Array.Empty<object>() }, 403 },
        { "POST", "api/collections/users/auth-refresh", null, 403 },
    };

    [Theory]
    [MemberData(nameof(Scope))]
    public async Task A_key_may_do_only_what_its_scopes_allow(string method, string path, object? body, int status)
    {
        await using var app = await TestApp.StartAsync();
        var (_, key) = await SetUpAsync(app, "reader", [new { collection = "notes", actions = new[] { "list", "view" } }]);
        var r = await SendAsync(app, method, path, key, body);
        Assert.True(status == r.Status, $"{method} {path}: {r.Status} {r.Body?.ToJsonString()}");
        if (status == 403)
        {
            Assert.Equal(403, r.Body!["status"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task The_key_acts_as_its_record_and_its_role_is_visible_to_rules()
    {
        await using var app = await TestApp.StartAsync();
        var scopes = new object[] { new { collection = "notes", actions = new[] { "list", "create" } } };
        var (_, reader) = await SetUpAsync(app, "reader", scopes);
        Assert.Equal(400, (await SendAsync(app, "POST", "api/collections/notes/records", reader, new { text = "by reader" })).Status);
        var writer = (await SendAsync(app, "POST", "api/strata/api-keys", await app.SuperuserTokenAsync(),
            new { name = "w", collection = "users", recordId = (await Blog.FindAsync(app, "users", "email = 'ann@strata.test'")), role = "writer", scopes })).Text("key");
        Assert.Equal(200, (await SendAsync(app, "POST", "api/collections/notes/records", writer, new { text = "by writer" })).Status);
        var list = await SendAsync(app, "GET", "api/collections/notes/records", writer);
        Assert.Equal(2, list.Body!["totalItems"]!.GetValue<int>());
        Assert.Equal(0, (await SendAsync(app, "GET", "api/collections/notes/records")).Body!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_revoked_key_is_a_guest_and_only_its_hash_is_stored()
    {
        await using var app = await TestApp.StartAsync();
        var (_, key) = await SetUpAsync(app, "", [new { collection = "*", actions = new[] { "list" } }]);
        Assert.Equal(1, (await SendAsync(app, "GET", "api/collections/notes/records", key)).Body!["totalItems"]!.GetValue<int>());

        await using (var conn = await app.Engine.Database.OpenReadAsync())
        {
            await using var cmd = SqlText.Command(conn, $"SELECT key_hash, hint FROM {SystemTables.ApiKeys}");
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(Strata.Core.Auth.TokenHash.Of(key), r.GetString(0));
            Assert.DoesNotContain(key[7..], r.GetString(0) + r.GetString(1), StringComparison.Ordinal);
        }

        var su = await app.SuperuserTokenAsync();
        var listed = (await SendAsync(app, "GET", "api/strata/api-keys", su)).Body!.AsArray();
        Assert.Single(listed);
        Assert.Null(listed[0]!["key"]);
        Assert.Equal(204, (await SendAsync(app, "DELETE", "api/strata/api-keys/" + listed[0]!["id"]!.GetValue<string>(), su)).Status);
        Assert.Equal(0, (await SendAsync(app, "GET", "api/collections/notes/records", key)).Body!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_expired_key_is_a_guest()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        var (_, key) = await SetUpAsync(app, "pm", [new { collection = "notes", actions = new[] { "list" } }], expiresIn: 86400);
        Assert.Equal(1, (await SendAsync(app, "GET", "api/collections/notes/records", key)).Body!["totalItems"]!.GetValue<int>());
        clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(0, (await SendAsync(app, "GET", "api/collections/notes/records", key)).Body!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task Users_create_keys_for_themselves_only_when_the_collection_allows_it()
    {
        await using var app = await TestApp.StartAsync();
        await CreateUserAsync(app, "ann@strata.test");
        var ann = await LoginAsync(app, "ann@strata.test");
        var body = new { name = "mine", scopes = new[] { new { collection = "users", actions = new[] { "view" } } } };
        Assert.Equal(403, (await SendAsync(app, "POST", "api/strata/api-keys", ann, body)).Status);
        Assert.Equal(401, (await SendAsync(app, "POST", "api/strata/api-keys", null, body)).Status);
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users", new { apiKeys = new { selfService = true } });
        var mine = await SendAsync(app, "POST", "api/strata/api-keys", ann, body);
        Assert.Equal(200, mine.Status);
        Assert.Single((await SendAsync(app, "GET", "api/strata/api-keys", ann)).Body!.AsArray());
        var bad = await SendAsync(app, "POST", "api/strata/api-keys", ann, new { scopes = new[] { new { collection = "nope", actions = new[] { "fly" } } } });
        Assert.Equal(400, bad.Status);
        Assert.NotNull(bad.Body!["data"]!["scopes"]);
    }
}
