using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// API rules (contract §2.4): null, "" and an expression for each of list, view, create, update and delete, as a guest,
/// the owner, another user and a superuser. Each row gets its own collection on the shared app, so rows don't interfere.
/// </summary>
public sealed class RecordRulesTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private static readonly string?[] Rules = [null, "", "owner = @request.auth.id"];
    private static readonly string[] Who = ["guest", "{aliceToken}", "{bobToken}", "superuser"];
    private static int _counter;

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> RuleCollection(string? rule, string? extraCreateRule = null) => async app =>
    {
        var name = "rules_" + Interlocked.Increment(ref _counter);
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name,
            listRule = rule,
            viewRule = rule,
            createRule = extraCreateRule ?? rule,
            updateRule = rule,
            deleteRule = rule,
            fields = new object[]
            {
                new { name = "name", type = "text" },
                new { name = "owner", type = "relation", collectionId = "_pb_users_auth_", maxSelect = 1 },
            },
        });
        var row = await app.AdminAsync(HttpMethod.Post, $"api/collections/{name}/records", new { name = "orig", owner = Blog.V("alice") });
        return new Dictionary<string, string> { ["c"] = name, ["row"] = Blog.Id(row) };
    };

    private static Func<TestApp, System.Text.Json.Nodes.JsonNode?, Task> Unchanged => async (app, _) =>
    {
        var c = Blog.V("c");
        Blog.Check(await Blog.CountAsync(app, c) == 1, "still exactly one record");
        Blog.Check(await Blog.CountAsync(app, c, "name = 'orig'") == 1, "record unchanged");
    };

    public static TheoryData<ApiScenario> Scenarios()
    {
        var rows = new TheoryData<ApiScenario>();
        foreach (var rule in Rules)
        {
            var label = rule is null ? "null" : rule.Length == 0 ? "\"\"" : "owner";
            foreach (var who in Who)
            {
                var su = who == "superuser";
                var owner = who == "{aliceToken}";
                var whoName = who.Trim('{', '}').Replace("Token", "", StringComparison.Ordinal);
                var locked = rule is null && !su;
                var allowed = su || (rule is not null && (rule.Length == 0 || owner));
                string[] forbidden = ["\"message\":\"Only superusers can perform this action.\""];
                var setup = RuleCollection(rule);

                rows.Add(new ApiScenario
                {
                    Name = $"list, rule {label}, {whoName}",
                    Url = "/api/collections/{c}/records",
                    As = who,
                    Setup = setup,
                    ExpectedStatus = locked ? 403 : 200,
                    ExpectedContent = locked ? forbidden : [allowed ? "\"totalItems\":1" : "\"totalItems\":0"],
                });
                rows.Add(new ApiScenario
                {
                    Name = $"view, rule {label}, {whoName}",
                    Url = "/api/collections/{c}/records/{row}",
                    As = who,
                    Setup = setup,
                    ExpectedStatus = locked ? 403 : allowed ? 200 : 404,
                    ExpectedContent = locked ? forbidden : allowed ? ["\"name\":\"orig\""] : ["\"status\":404"],
                });
                rows.Add(new ApiScenario
                {
                    Name = $"create, rule {label}, {whoName}",
                    Method = "POST",
                    Url = "/api/collections/{c}/records",
                    Body = new { name = "new", owner = "{alice}" },
                    As = who,
                    Setup = setup,
                    ExpectedStatus = locked ? 403 : allowed ? 200 : 400,
                    ExpectedContent = locked ? forbidden : allowed ? ["\"name\":\"new\""] : ["\"message\":\"Failed to create record.\""],
                    After = async (app, _) => Blog.Check(await Blog.CountAsync(app, Blog.V("c")) == (allowed ? 2 : 1), "record count after create"),
                });
                rows.Add(new ApiScenario
                {
                    Name = $"update, rule {label}, {whoName}",
                    Method = "PATCH",
                    Url = "/api/collections/{c}/records/{row}",
                    Body = new { name = "changed" },
                    As = who,
                    Setup = setup,
                    ExpectedStatus = locked ? 403 : allowed ? 200 : 404,
                    ExpectedContent = locked ? forbidden : allowed ? ["\"name\":\"changed\""] : ["\"status\":404"],
                    After = allowed ? null : Unchanged,
                });
                rows.Add(new ApiScenario
                {
                    Name = $"delete, rule {label}, {whoName}",
                    Method = "DELETE",
                    Url = "/api/collections/{c}/records/{row}",
                    As = who,
                    Setup = setup,
                    ExpectedStatus = locked ? 403 : allowed ? 204 : 404,
                    ExpectedContent = locked ? forbidden : [],
                    After = allowed ? async (app, _) => Blog.Check(await Blog.CountAsync(app, Blog.V("c")) == 0, "deleted") : Unchanged,
                });
            }
        }

        // Rules over the request itself.
        rows.Add(Create("createRule on @request.body passes", "@request.body.name != 'bad'", new { name = "good" }, 200));
        rows.Add(Create("createRule on @request.body fails", "@request.body.name != 'bad'", new { name = "bad" }, 400));
        rows.Add(Create("createRule with :isset fails when the key is missing", "@request.body.owner:isset = true", new { name = "x" }, 400));
        rows.Add(Create("createRule with :isset passes", "@request.body.owner:isset = true", new { name = "x", owner = "{alice}" }, 200));
        rows.Add(Create("createRule on @request.method", "@request.method = 'POST'", new { name = "x" }, 200));
        rows.Add(Create("createRule on @request.context", "@request.context = 'default'", new { name = "x" }, 200));
        rows.Add(Create("createRule on the would-be record", "name = 'ok'", new { name = "nope" }, 400));
        rows.Add(Create("createRule through a submitted relation", "@request.body.owner.name = 'Alice'", new { name = "x", owner = "{alice}" }, 200));
        rows.Add(Create("createRule through a submitted relation fails", "@request.body.owner.name = 'Alice'", new { name = "x", owner = "{bob}" }, 400));
        rows.Add(Create("createRule on a query parameter", "@request.query.key = 'k1'", new { name = "x" }, 400));
        return rows;
    }

    private static ApiScenario Create(string name, string createRule, object body, int status) => new()
    {
        Name = name,
        Method = "POST",
        Url = "/api/collections/{c}/records",
        Body = body,
        ExpectedStatus = status,
        ExpectedContent = status == 200 ? ["\"collectionName\":\"rules_"] : ["\"message\":\"Failed to create record.\""],
        Setup = RuleCollection("", createRule),
        After = async (app, _) => Blog.Check(await Blog.CountAsync(app, Blog.V("c")) == (status == 200 ? 2 : 1), "record count after create"),
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => fixture.RunAsync(scenario);
}
