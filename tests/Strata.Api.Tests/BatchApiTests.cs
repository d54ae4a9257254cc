using System.Text.Json.Nodes;
using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>The batch API (contract §7): disabled by default, all or nothing, per-request rules, sub-request errors.</summary>
public sealed class BatchApiTests
{
    private const string B = "/api/batch";

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> Enabled => async app =>
    {
        await app.AdminAsync(HttpMethod.Patch, "api/settings", new { batch = new { enabled = true, maxRequests = 3 } });
        return new Dictionary<string, string>();
    };

    private static object Req(string method, string url, object? body = null) => new { method, url, body };

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        Send("batch disabled by default", "POST", B, new { requests = new[] { Req("POST", "/api/collections/open/records", new { name = "b" }) } }, 403,
            has: ["\"message\":\"Batch requests are not allowed.\""]) with { After = async (app, body) => { await ErrorShape(403)(app, body); await Total("open", 1)(app, body); } },
        Send("create, update and delete in one batch", "POST", B, new
        {
            requests = new[]
            {
                Req("POST", "/api/collections/open/records", new { name = "b1" }),
                Req("PATCH", "/api/collections/open/records/{openRow}", new { name = "o1-edited" }),
                Req("DELETE", "/api/collections/tags/records/{tagX}"),
            },
        }, 200, "superuser", has: ["{\"status\":200,\"body\":{", "\"name\":\"b1\"", "\"name\":\"o1-edited\"", "{\"status\":204,\"body\":null}"]) with
        {
            Setup = Enabled,
            After = async (app, body) =>
            {
                Blog.Check(body!.AsArray().Count == 3, "three results");
                await Total("open", 2)(app, body);
                await Total("tags", 1)(app, body);
            },
        },
        Send("a failing request rolls back the batch", "POST", B, new
        {
            requests = new[]
            {
                Req("POST", "/api/collections/open/records", new { name = "b1" }),
                Req("POST", "/api/collections/posts/records", new { views = 1 }),
            },
        }, 400, "superuser", has: ["\"message\":\"Batch transaction failed.\"", "\"requests\":{\"1\":{\"code\":\"batch_request_failed\"", "\"response\":{\"status\":400,\"message\":\"Failed to create record.\"", "validation_required"]) with
        {
            Setup = Enabled,
            After = Total("open", 1),
        },
        Send("rules apply to sub-requests", "POST", B, new { requests = new[] { Req("POST", "/api/collections/posts/records", new { title = "t" }) } }, 400, has: ["batch_request_failed"]) with
        {
            Setup = Enabled,
            After = Total("posts", 3),
        },
        Send("a guest may batch into an open collection", "POST", B, new { requests = new[] { Req("POST", "/api/collections/open/records", new { name = "g" }) } }, 200, has: ["\"name\":\"g\""]) with { Setup = Enabled },
        Send("locked collection in a batch is 403 inside", "POST", B, new { requests = new[] { Req("POST", "/api/collections/locked/records", new { name = "g" }) } }, 400,
            has: ["\"response\":{\"status\":403"]) with { Setup = Enabled, After = Total("locked", 1) },
        Send("user auth applies to sub-requests", "POST", B, new { requests = new[] { Req("POST", "/api/collections/posts/records", new { title = "mine", author = "{alice}" }) } }, 200, "{aliceToken}",
            has: ["\"title\":\"mine\""]) with { Setup = Enabled },
        Send("upsert creates then updates", "POST", B, new
        {
            requests = new[]
            {
                Req("PUT", "/api/collections/open/records", new { id = "upsertid0000001", name = "u1" }),
                Req("PUT", "/api/collections/open/records", new { id = "upsertid0000001", name = "u2" }),
            },
        }, 200, "superuser", has: ["\"name\":\"u1\"", "\"name\":\"u2\""]) with
        {
            Setup = Enabled,
            After = Total("open", 1, "name = 'u2'"),
        },
        Send("expand and fields in a sub-request url", "POST", B, new { requests = new[] { Req("PATCH", "/api/collections/posts/records/{pub}?expand=tags&fields=id,expand", new { views = 2 }) } }, 200, "superuser",
            has: ["\"expand\":{\"tags\":[{"], hasNot: ["\"views\""]) with { Setup = Enabled },
        Send("too many requests", "POST", B, new { requests = Enumerable.Repeat(Req("POST", "/api/collections/open/records", new { name = "x" }), 4).ToArray() }, 400,
            "superuser", has: ["\"message\":\"Invalid batch request data.\"", "\"requests\":{\"code\":"]) with { Setup = Enabled, After = Total("open", 1) },
        Send("no requests", "POST", B, new { requests = Array.Empty<object>() }, 400, "superuser", has: ["Invalid batch request data.", "\"requests\":{\"code\":\"validation_required\""]) with { Setup = Enabled },
        Send("invalid method", "POST", B, new { requests = new[] { Req("FOO", "/api/collections/open/records") } }, 400, "superuser", has: ["Invalid batch request data."]) with { Setup = Enabled },
        Send("unknown action", "POST", B, new { requests = new[] { Req("GET", "/api/collections/open/records") } }, 400, "superuser", has: ["Batch transaction failed."]) with { Setup = Enabled },
        Send("non-record url", "POST", B, new { requests = new[] { Req("POST", "/api/collections") } }, 400, "superuser", has: ["Batch transaction failed."]) with { Setup = Enabled },
        Send("unknown collection", "POST", B, new { requests = new[] { Req("POST", "/api/collections/nope/records", new { }) } }, 400, "superuser", has: ["\"response\":{\"status\":404"]) with { Setup = Enabled },
        Send("delete of a missing record", "POST", B, new { requests = new[] { Req("DELETE", "/api/collections/open/records/aaaaaaaaaaaaaaa") } }, 400, "superuser", has: ["\"response\":{\"status\":404"]) with { Setup = Enabled },
        Form("multipart batch with @jsonPayload", "POST", B, 200, "superuser",
            [("@jsonPayload", new JsonObject { ["requests"] = new JsonArray(new JsonObject { ["method"] = "POST", ["url"] = "/api/collections/open/records", ["body"] = new JsonObject { ["name"] = "mp" } }) }.ToJsonString())],
            has: ["\"name\":\"mp\""]) with { Setup = Enabled, After = Total("open", 2) },
        Send("malformed batch body", "POST", B, "{\"requests\":[", 400, "superuser") with { Setup = Enabled, After = ErrorShape(400) },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => scenario.RunFreshAsync();
}
