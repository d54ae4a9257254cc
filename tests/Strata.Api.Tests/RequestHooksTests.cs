using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// Hooks around the records API's list, view and auth responses: ordered, per collection or global, able to change
/// the parameters and the records, to replace the response, or to answer with the contract's error shape.
/// </summary>
public sealed class RequestHooksTests
{
    private const string Password = "alice-password-1";

    private static async Task<TestApp> StartAsync(Action<StrataApp> configure)
    {
        var app = await TestApp.StartAsync(configure);
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            listRule = "",
            viewRule = "",
            fields = new object[] { new { name = "title", type = "text" }, new { name = "secret", type = "text" } },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "tags",
            listRule = "",
            fields = new object[] { new { name = "label", type = "text" } },
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "members",
            type = "auth",
            authRule = "",
            fields = new object[] { new { name = "name", type = "text" } },
        });
        foreach (var (title, secret) in new[] { ("one", "s1"), ("two", "s2"), ("three", "s3") })
        {
            await app.AdminAsync(HttpMethod.Post, "api/collections/notes/records", new { id = "note" + title.PadLeft(11, '0'), title, secret });
        }

        await app.AdminAsync(HttpMethod.Post, "api/collections/tags/records", new { label = "red" });
        foreach (var name in new[] { "alice", "banned" })
        {
            await app.AdminAsync(HttpMethod.Post, "api/collections/members/records",
                new { email = name + "@strata.test", password = Password, passwordConfirm = Password, name });
        }

        return app;
    }

    private static Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(TestApp app, string path) => SendAsync(app, HttpMethod.Get, path, null);

    private static async Task<(HttpStatusCode Status, JsonObject Body)> LoginAsync(TestApp app, string name)
    {
        using var response = await app.Client.PostAsJsonAsync("api/collections/members/auth-with-password",
            new { identity = name + "@strata.test", password = Password });
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private static void AssertErrorShape(JsonObject body, int status, string message)
    {
        Assert.Equal(status, body["status"]!.GetValue<int>());
        Assert.Equal(message, body["message"]!.GetValue<string>());
        Assert.IsType<JsonObject>(body["data"]);
    }

    [Fact]
    public async Task List_hooks_run_in_order_for_their_collection_and_change_parameters_and_records()
    {
        var calls = new List<string>();
        await using var app = await StartAsync(a => a.Hooks
            .OnRecordsList(null, async (e, next) =>
            {
                calls.Add("global:" + e.Collection.Name);
                await next();
            })
            .OnRecordsList("notes", async (e, next) =>
            {
                calls.Add("first");
                // Narrow what guests may list, with a parameter rather than string building.
                if (e.Request.Auth is null)
                {
                    e.Params = e.Params with { Filter = "title != 'two'" };
                }

                await next();
                calls.Add("first-after:" + e.Result!.Items.Count);
                foreach (var r in e.Result.Items)
                {
                    r.Set("secret", "");
                }
            })
            .OnRecordsList("notes", async (e, next) =>
            {
                calls.Add("second");
                await next();
                calls.Add("second-after");
            }));

        var (status, body) = await GetAsync(app, "api/collections/notes/records?sort=title");
        Assert.Equal(HttpStatusCode.OK, status);
        var items = body["items"]!.AsArray();
        Assert.Equal(["one", "three"], items.Select(i => i!["title"]!.GetValue<string>()));
        Assert.All(items, i => Assert.Equal("", i!["secret"]!.GetValue<string>()));
        Assert.Equal(2, body["totalItems"]!.GetValue<int>());
        Assert.Equal(["global:notes", "first", "second", "second-after", "first-after:2"], calls);

        calls.Clear();
        var (tagStatus, tags) = await GetAsync(app, "api/collections/tags/records");
        Assert.Equal(HttpStatusCode.OK, tagStatus);
        Assert.Equal("red", tags["items"]![0]!["label"]!.GetValue<string>());
        Assert.Equal(["global:tags"], calls);

        // A superuser's request is left unfiltered by the hook; its records still pass through it.
        var all = await app.AdminAsync(HttpMethod.Get, "api/collections/notes/records?sort=title&fields=title,secret");
        Assert.Equal(["one", "three", "two"], all!["items"]!.AsArray().Select(i => i!["title"]!.GetValue<string>()));
        Assert.All(all["items"]!.AsArray(), i => Assert.Equal("", i!["secret"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_list_hook_can_replace_the_response_or_reject_with_the_error_shape()
    {
        var queried = 0;
        await using var app = await StartAsync(a => a.Hooks
            .OnRecordsList("notes", async (e, next) =>
            {
                if (e.Request.Query.GetValueOrDefault("summary") == "1")
                {
                    // Answer without running the query at all.
                    e.Respond(new JsonObject { ["summary"] = true, ["collection"] = e.Collection.Name }, 202);
                    return;
                }

                if (e.Request.Query.ContainsKey("forbidden"))
                {
                    throw StrataException.Forbidden("Notes are closed today.");
                }

                await next();
                if (e.Request.Query.GetValueOrDefault("count") == "1")
                {
                    e.Respond(new JsonObject { ["count"] = e.Result!.Items.Count });
                }
            })
            .OnRecordsList("notes", async (e, next) =>
            {
                queried++;
                await next();
            }));

        var (status, body) = await GetAsync(app, "api/collections/notes/records?summary=1");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.True(body["summary"]!.GetValue<bool>());
        Assert.Equal("notes", body["collection"]!.GetValue<string>());
        Assert.Equal(0, queried);

        var (countStatus, count) = await GetAsync(app, "api/collections/notes/records?count=1");
        Assert.Equal(HttpStatusCode.OK, countStatus);
        Assert.Equal(3, count["count"]!.GetValue<int>());
        Assert.Single(count);

        var (denied, error) = await GetAsync(app, "api/collections/notes/records?forbidden");
        Assert.Equal(HttpStatusCode.Forbidden, denied);
        AssertErrorShape(error, 403, "Notes are closed today.");
    }

    [Fact]
    public async Task View_hooks_change_or_replace_the_record_and_errors_keep_the_contract_shape()
    {
        await using var app = await StartAsync(a => a.Hooks.OnRecordView("notes", async (e, next) =>
        {
            if (e.Id == "gone00000000000")
            {
                throw StrataException.NotFound("This note was archived.");
            }

            await next();
            if (e.Record!.GetString("title") == "two")
            {
                e.Respond(new JsonObject { ["id"] = e.Record.Id, ["redacted"] = true });
                return;
            }

            e.Record.Set("title", e.Record.GetString("title").ToUpperInvariant());
        }));

        var (status, one) = await GetAsync(app, "api/collections/notes/records/note00000000one");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ONE", one["title"]!.GetValue<string>());
        Assert.Equal("s1", one["secret"]!.GetValue<string>());

        // The change is only in the response: the stored record is untouched.
        var stored = await app.AdminAsync(HttpMethod.Get, "api/collections/notes/records?filter=" + Uri.EscapeDataString("id = 'note00000000one'"));
        Assert.Equal("one", stored!["items"]![0]!["title"]!.GetValue<string>());

        var (_, two) = await GetAsync(app, "api/collections/notes/records/note00000000two");
        Assert.True(two["redacted"]!.GetValue<bool>());
        Assert.Null(two["title"]);

        var (goneStatus, gone) = await GetAsync(app, "api/collections/notes/records/gone00000000000");
        Assert.Equal(HttpStatusCode.NotFound, goneStatus);
        AssertErrorShape(gone, 404, "This note was archived.");

        // The default 404 of a missing record still comes from next().
        var (missing, body) = await GetAsync(app, "api/collections/notes/records/nothere00000000");
        Assert.Equal(HttpStatusCode.NotFound, missing);
        Assert.Equal(404, body["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Auth_hooks_see_logins_and_refreshes_can_refuse_and_can_change_the_response()
    {
        var seen = new List<string>();
        await using var app = await StartAsync(a => a.Hooks.OnRecordAuth("members", async (e, next) =>
        {
            seen.Add($"{e.Action}:{e.Record.GetString("name")}:{e.Request.Auth?.GetString("name") ?? "guest"}");
            if (e.Record.GetString("name") == "banned")
            {
                throw StrataException.Forbidden("This account is suspended.");
            }

            e.Record.Set("name", e.Record.GetString("name") + " (signed in)");
            await next();
            Assert.False(string.IsNullOrEmpty(e.Token));
            if (e.Request.Query.ContainsKey("tokenOnly"))
            {
                e.Respond(new JsonObject { ["token"] = e.Token });
            }
        }));

        var (status, login) = await LoginAsync(app, "alice");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("alice (signed in)", login["record"]!["name"]!.GetValue<string>());
        var token = login["token"]!.GetValue<string>();

        var (refreshed, refresh) = await SendAsync(app, HttpMethod.Post, "api/collections/members/auth-refresh", token);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        Assert.Equal("alice (signed in)", refresh["record"]!["name"]!.GetValue<string>());

        var (onlyStatus, only) = await SendAsync(app, HttpMethod.Post, "api/collections/members/auth-refresh?tokenOnly", token);
        Assert.Equal(HttpStatusCode.OK, onlyStatus);
        Assert.Single(only);
        Assert.False(string.IsNullOrEmpty(only["token"]!.GetValue<string>()));

        var (bannedStatus, banned) = await LoginAsync(app, "banned");
        Assert.Equal(HttpStatusCode.Forbidden, bannedStatus);
        AssertErrorShape(banned, 403, "This account is suspended.");

        // Superuser logins are another collection: the hook does not see them.
        await app.SuperuserTokenAsync();
        Assert.Equal(["password:alice:guest", "refresh:alice:alice", "refresh:alice:alice", "password:banned:guest"], seen);
    }

    [Fact]
    public async Task A_hook_that_neither_continues_nor_responds_is_a_logged_500_in_the_error_shape()
    {
        await using var app = await StartAsync(a => a.Hooks.OnRecordView("notes", (_, _) => Task.CompletedTask));
        var (status, body) = await GetAsync(app, "api/collections/notes/records/note00000000one");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(500, body["status"]!.GetValue<int>());
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(TestApp app, HttpMethod method, string path, string? token)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        using var response = await app.Client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }
}
