using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>
/// Malformed and hostile input (contract §0.3, §0.4, §1.1): every row must be a 4xx with the {status,message,data} body
/// (or a harmless 200 for ignored input), and the data must be intact afterwards.
/// </summary>
public sealed class BadInputTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private const string O = "/api/collections/open/records";
    private const string P = "/api/collections/posts/records";

    /// <summary>After a hostile request: open still holds its row, posts its three, and there is still one superuser.</summary>
    private static readonly Func<TestApp, System.Text.Json.Nodes.JsonNode?, Task> Intact = async (app, _) =>
    {
        Blog.Check(await Blog.CountAsync(app, "open", "name = 'o1'") == 1, "open row intact");
        Blog.Check(await Blog.CountAsync(app, "posts") == 3, "posts intact");
        Blog.Check(await Blog.CountAsync(app, "_superusers") == 1, "superusers intact");
    };

    private static Func<TestApp, System.Text.Json.Nodes.JsonNode?, Task> Bad(int status) => async (app, body) =>
    {
        await ErrorShape(status)(app, body);
        await Intact(app, body);
    };

    private static ApiScenario Raw(string name, string method, string url, string body, string contentType, int status, string who = "guest") =>
        Send(name, method, url, body, status, who) with { ContentType = contentType, After = status >= 400 ? Bad(status) : Intact };

    private static ApiScenario Q(string name, string url, int status, string who = "guest") =>
        Get(name, url, status, who) with { After = status >= 400 ? Bad(status) : Intact };

    private static string E(string s) => Uri.EscapeDataString(s);

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        Raw("malformed JSON", "POST", O, "{\"name\":", "application/json", 400),
        Raw("trailing garbage after JSON", "POST", O, "{\"name\":\"x\"} trailing", "application/json", 400),
        Raw("duplicate keys", "POST", O, "{\"name\":\"a\",\"name\":\"b\"}", "application/json", 400),
        Raw("nested duplicate keys", "PATCH", O + "/{openRow}", "{\"name\":{\"a\":1,\"a\":2}}", "application/json", 400),
        Raw("JSON array body", "POST", O, "[{\"name\":\"x\"}]", "application/json", 400),
        Raw("JSON string body", "POST", O, "\"name\"", "application/json", 400),
        Raw("JSON number body", "PATCH", O + "/{openRow}", "42", "application/json", 400),
        Raw("JSON null body", "POST", O, "null", "application/json", 400),
        Raw("deeply nested JSON", "POST", O, new string('[', 5000) + new string(']', 5000), "application/json", 400),
        Raw("text/plain body", "POST", O, "name=x", "text/plain", 400),
        Raw("xml-ish content type", "POST", O, "<name>x</name>", "application/octet-stream", 400),
        Raw("broken multipart", "POST", O, "--nope\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx", "multipart/form-data; boundary=other", 400),
        Raw("multipart without boundary", "POST", O, "x", "multipart/form-data", 400),
        Raw("login with malformed JSON", "POST", "/api/collections/users/auth-with-password", "{identity", "application/json", 400),
        Raw("collection create with malformed JSON", "POST", "/api/collections", "{\"name\":", "application/json", 400, "superuser"),
        Raw("collection create with an array", "POST", "/api/collections", "[]", "application/json", 400, "superuser"),
        Raw("collection create with a wrong field shape", "POST", "/api/collections", "{\"name\":\"w1\",\"fields\":\"nope\"}", "application/json", 400, "superuser"),
        Raw("collection create with null fields items", "POST", "/api/collections", "{\"name\":\"w2\",\"fields\":[null,1,\"x\"]}", "application/json", 400, "superuser"),
        Raw("collection create with wrong option types", "POST", "/api/collections", "{\"name\":\"w3\",\"fields\":[{\"name\":\"a\",\"type\":\"number\",\"min\":\"x\",\"max\":[]}]}", "application/json", 400, "superuser"),
        Raw("collection create with a bad index", "POST", "/api/collections", "{\"name\":\"w4\",\"indexes\":[\"DROP TABLE posts\"]}", "application/json", 400, "superuser"),
        Raw("wrong value types for fields", "POST", O, "{\"name\":{\"a\":1},\"n\":\"abc\"}", "application/json", 200),
        Q("filter longer than 3500", P + "?filter=" + E("title = '" + new string('a', 3500) + "'"), 400, "superuser"),
        Q("more than 200 expressions", P + "?filter=" + E(string.Join(" || ", Enumerable.Repeat("views = 1", 201))), 400, "superuser"),
        Q("200 expressions are fine", P + "?filter=" + E(string.Join(" || ", Enumerable.Repeat("views=1", 200))), 200, "superuser"),
        Q("page not a number", P + "?page=abc", 400),
        Q("page fractional", P + "?page=1.5", 400),
        Q("perPage not a number", P + "?perPage=ten", 400),
        Q("perPage overflow", P + "?perPage=99999999999999999999999", 400),
        Q("skipTotal yes", P + "?skipTotal=yes", 400),
        Q("skipTotal 2", P + "?skipTotal=2", 400),
        Q("more than 8 sort fields", P + "?sort=" + string.Join(",", Enumerable.Repeat("views", 9)), 400, "superuser"),
        Q("sort field longer than 255", P + "?sort=" + new string('a', 256), 400, "superuser"),
        Q("sort literal", P + "?sort=" + E("'x'"), 400, "superuser"),
        Q("sql in filter string literal", P + "?filter=" + E("title = \"x' OR 1=1 --\""), 200, "superuser"),
        Q("sql in filter identifier", P + "?filter=" + E("title; DROP TABLE posts; --"), 400, "superuser"),
        Q("sql in filter function", P + "?filter=" + E("title = sqlite_version()"), 400, "superuser"),
        Q("sql in filter union", P + "?filter=" + E("id = '' UNION SELECT * FROM _superusers"), 400, "superuser"),
        Q("sql comment in filter", P + "?filter=" + E("views > 0 /* comment */"), 400, "superuser"),
        Q("sql in sort", P + "?sort=" + E("title; DROP TABLE posts"), 400, "superuser"),
        Q("sql subquery in sort", P + "?sort=" + E("(SELECT 1)"), 400, "superuser"),
        Q("sql in sort direction", P + "?sort=" + E("title DESC, (SELECT password FROM _superusers)"), 400, "superuser"),
        Q("sql in expand", P + "?expand=" + E("author); DROP TABLE posts; --"), 200, "superuser"),
        Q("sql in back-relation expand", P + "?expand=" + E("comments_via_post'--"), 200, "superuser"),
        Q("sql in fields", P + "?fields=" + E("id,title FROM posts; --"), 200, "superuser"),
        Q("bad fields modifier", P + "?fields=" + E("title:nope(1)"), 400, "superuser"),
        Q("excerpt of zero", P + "?fields=" + E("body:excerpt(0)"), 400, "superuser"),
        Q("sql in record id", P + "/" + E("x' OR '1'='1"), 404, "superuser"),
        Q("sql in record id (view as guest)", P + "/" + E("' UNION SELECT * FROM _superusers --"), 404),
        Send("sql in record id on delete", "DELETE", P + "/" + E("x' OR '1'='1"), null, 404, "superuser") with { After = Bad(404) },
        Send("sql in record id on update", "PATCH", P + "/" + E("x' OR 1=1 --"), new { title = "pwned" }, 404, "superuser") with { After = Bad(404) },
        Q("sql in collection name", "/api/collections/" + E("posts; DROP TABLE posts") + "/records", 404),
        Q("quote in collection name", "/api/collections/" + E("posts\"") + "/records", 404),
        Q("sqlite_master as a collection", "/api/collections/sqlite_master/records", 404, "superuser"),
        Q("internal table as a collection", "/api/collections/_collections/records", 404, "superuser"),
        Q("superusers listed by a guest", "/api/collections/_superusers/records", 403),
        Send("sql in collection name on create", "POST", "/api/collections/" + E("open'--") + "/records", new { name = "x" }, 404) with { After = Bad(404) },
        Send("sql in body values is stored as text", "POST", O, new { name = "'); DROP TABLE open; --" }, 200, has: ["\"name\":\"'); DROP TABLE open; --\""]) with { After = Intact },
        Send("sql in body keys is ignored", "POST", O, new Dictionary<string, object> { ["name\" = 1; DROP TABLE open; --"] = "x", ["name"] = "k" }, 200) with { After = Intact },
        Send("sql in collection create name", "POST", "/api/collections", new { name = "x; DROP TABLE posts" }, 400, "superuser") with { After = Bad(400) },
        Send("sql in field name", "POST", "/api/collections", new { name = "inj", fields = new object[] { new { name = "a\" TEXT); DROP TABLE posts; --", type = "text" } } }, 400, "superuser") with { After = Bad(400) },
        Send("sql in a rule", "POST", "/api/collections", new { name = "inj2", listRule = "1=1); DROP TABLE posts; --" }, 400, "superuser") with { After = Bad(400) },
        Q("unknown collection", "/api/collections/nope/records", 404),
        Q("unknown field in filter", P + "?filter=" + E("nope = 1"), 400, "superuser"),
        Q("unknown field in sort", P + "?sort=-nope", 400, "superuser"),
        Q("unknown relation path", P + "?filter=" + E("author.nope = 1"), 400, "superuser"),
        Q("traversal through a non-relation", P + "?filter=" + E("title.x = 1"), 400, "superuser"),
        Q("unknown function", P + "?filter=" + E("nope(1) = 1"), 400, "superuser"),
        Q("unknown modifier", P + "?filter=" + E("title:nope = 1"), 400, "superuser"),
        Q("bad back-relation", P + "?filter=" + E("nope_via_post.message = 1"), 400, "superuser"),
        Q("unterminated string", P + "?filter=" + E("title = 'abc"), 400, "superuser"),
        Q("unbalanced parens", P + "?filter=" + E("(title = 'a'"), 400, "superuser"),
        Q("control characters", P + "?filter=" + E("title = 'a\tb\r\nc'"), 200, "superuser"),
        Q("unicode in filter", P + "?filter=" + E("title ~ 'ünïcødé 😀'"), 200, "superuser"),
        Q("percent-encoded garbage", P + "?filter=%ZZ%", 400, "superuser"),
        Q("expand deeper than 6 levels", P + "?expand=" + E("author.a.b.c.d.e.f.g"), 200, "superuser"),
        Q("many expand paths", P + "?expand=" + E(string.Join(",", Enumerable.Repeat("author", 500))), 200, "superuser"),
        Send("unknown route method", "PUT", O, new { name = "x" }, 404) with { After = Bad(404) },
        Send("huge text value", "POST", P, new { title = new string('x', 200_000) }, 400, "superuser", has: ["validation_max_text_constraint"]) with { After = Bad(400) },
        Send("NaN-like number", "POST", O, "{\"name\":\"n\",\"n\":1e400}", 400) with { After = Bad(400) },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => fixture.RunAsync(scenario);
}
