using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Auth;
using Strata.Core.Records;
using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>
/// Auth endpoints (contract §4.1–4.3, §0.2): password login for superusers and users, auth-refresh, auth-methods, and
/// tampered, expired or wrong-collection tokens treated as a guest.
/// </summary>
public sealed class AuthApiTests(BlogFixture fixture) : IClassFixture<BlogFixture>
{
    private const string Su = "/api/collections/_superusers/auth-with-password";
    private const string U = "/api/collections/users/auth-with-password";
    private const string AuthFailed = "\"message\":\"Failed to authenticate.\"";
    private const string NeedsToken = "\"message\":\"The request requires valid record authorization token.\"";

    /// <summary>A clock two hours behind, to mint tokens that have already expired.</summary>
    private sealed class PastClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow.AddHours(-2);
    }

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> Tokens => async app =>
    {
        var users = app.Engine.Records.Collection("users");
        var alice = await app.Engine.Records.FindFirstAsync(users, $"id = '{Blog.V("alice")}'", RequestInfo.Guest);
        var aliceToken = Blog.V("aliceToken");
        var parts = aliceToken.Split('.');
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(parts[1]))))!;
        payload["id"] = Blog.V("bob");
        var forged = parts[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[2];
        return new Dictionary<string, string>
        {
            ["expired"] = new TokenService(new PastClock()).CreateAuthToken(alice!, true, 60),
            ["tampered"] = aliceToken[..^4] + (aliceToken.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
            ["forged"] = forged,
            ["garbage"] = "not-a-jwt",
        };
    };

    private static string Pad(string b64url)
    {
        var s = b64url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }

    private static readonly Func<TestApp, JsonNode?, Task> JwtShape = (_, body) =>
    {
        var token = body!["token"]!.GetValue<string>();
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(token.Split('.')[1]))))!;
        Blog.Check(payload["exp"] is not null && payload["type"]?.GetValue<string>() == "auth" && payload["id"] is not null && payload["collectionId"] is not null,
            "JWT payload has exp, type=auth, id, collectionId: " + payload.ToJsonString());
        return Task.CompletedTask;
    };

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        Send("superuser login", "POST", Su, new { identity = TestApp.SuperuserEmail, password = TestApp.SuperuserPassword }, 200,
            has: ["\"token\":\"", "\"email\":\"root@strata.test\"", "\"collectionId\":\"pbc_3142635823\"", "\"collectionName\":\"_superusers\""], hasNot: ["\"password\"", "\"tokenKey\""]) with { After = JwtShape },
        Send("superuser wrong password", "POST", Su, new { identity = TestApp.SuperuserEmail, password = "wrong-password" }, 400, has: [AuthFailed, "\"data\":{}"]) with { After = ErrorShape(400) },
        Send("superuser unknown email", "POST", Su, new { identity = "nobody@strata.test", password = TestApp.SuperuserPassword }, 400, has: [AuthFailed]),
        Send("user login in the superusers collection fails", "POST", Su, new { identity = "alice@strata.test", password = Blog.AlicePassword }, 400, has: [AuthFailed]),
        Send("user login", "POST", U, new { identity = "alice@strata.test", password = Blog.AlicePassword }, 200,
            has: ["\"token\":\"", "\"email\":\"alice@strata.test\"", "\"collectionName\":\"users\"", "\"name\":\"Alice\""], hasNot: ["\"password\"", "\"tokenKey\"", "\"meta\""]) with { After = JwtShape },
        Send("user login is case-insensitive on email", "POST", U, new { identity = "ALICE@Strata.test", password = Blog.AlicePassword }, 200, has: ["\"email\":\"alice@strata.test\""]),
        Send("user login with identityField", "POST", U, new { identity = "alice@strata.test", password = Blog.AlicePassword, identityField = "email" }, 200),
        Send("user wrong password", "POST", U, new { identity = "alice@strata.test", password = "nope-nope-nope" }, 400, has: [AuthFailed]),
        Send("user login with the superuser password", "POST", U, new { identity = TestApp.SuperuserEmail, password = TestApp.SuperuserPassword }, 400, has: [AuthFailed]),
        Send("login without identity", "POST", U, new { password = "x" }, 400, has: ["\"identity\":{\"code\":\"validation_required\""]),
        Send("login without password", "POST", U, new { identity = "alice@strata.test" }, 400, has: ["\"password\":{\"code\":\"validation_required\""]),
        Send("login on a base collection", "POST", "/api/collections/posts/auth-with-password", new { identity = "a", password = "b" }, 404, has: ["\"message\":\"Missing or invalid auth collection context.\""]) with { After = ErrorShape(404) },
        Send("login on an unknown collection", "POST", "/api/collections/nope/auth-with-password", new { identity = "a", password = "b" }, 404, has: ["Missing or invalid auth collection context."]),
        Send("login with fields", "POST", U + "?fields=token", new { identity = "alice@strata.test", password = Blog.AlicePassword }, 200, has: ["{\"token\":\""], hasNot: ["\"record\""]),
        Send("login with nested fields", "POST", U + "?fields=record.email", new { identity = "alice@strata.test", password = Blog.AlicePassword }, 200, has: ["{\"record\":{\"email\":\"alice@strata.test\"}}"]),
        Form("login with a multipart body", "POST", U, 200, "guest", [("identity", "bob@strata.test"), ("password", Blog.BobPassword)], has: ["\"email\":\"bob@strata.test\""]),
        Send("refresh", "POST", "/api/collections/users/auth-refresh", null, 200, "{aliceToken}", has: ["\"token\":\"", "\"email\":\"alice@strata.test\""]) with { After = JwtShape },
        Send("refresh with Bearer prefix", "POST", "/api/collections/users/auth-refresh", null, 200, "Bearer {aliceToken}", has: ["\"id\":\"{alice}\""]),
        Send("refresh with lower-case bearer", "POST", "/api/collections/users/auth-refresh", null, 200, "bearer {bobToken}", has: ["\"id\":\"{bob}\""]),
        Send("refresh with expand and fields", "POST", "/api/collections/users/auth-refresh?fields=record.name", null, 200, "{aliceToken}", has: ["{\"record\":{\"name\":\"Alice\"}}"]),
        Send("refresh as guest", "POST", "/api/collections/users/auth-refresh", null, 401, has: [NeedsToken]) with { After = ErrorShape(401) },
        Send("refresh with a tampered token", "POST", "/api/collections/users/auth-refresh", null, 401, "{tampered}", has: [NeedsToken]) with { Setup = Tokens },
        Send("refresh with an expired token", "POST", "/api/collections/users/auth-refresh", null, 401, "{expired}", has: [NeedsToken]) with { Setup = Tokens },
        Send("refresh with a forged payload", "POST", "/api/collections/users/auth-refresh", null, 401, "{forged}", has: [NeedsToken]) with { Setup = Tokens },
        Send("refresh with garbage", "POST", "/api/collections/users/auth-refresh", null, 401, "{garbage}", has: [NeedsToken]) with { Setup = Tokens },
        Send("refresh a user token on _superusers", "POST", "/api/collections/_superusers/auth-refresh", null, 403, "{aliceToken}",
            has: ["\"message\":\"The request requires auth record from _superusers collection.\""]),
        Send("refresh a superuser token on users", "POST", "/api/collections/users/auth-refresh", null, 403, "superuser",
            has: ["\"message\":\"The request requires auth record from users collection.\""]),
        Send("refresh on a base collection", "POST", "/api/collections/posts/auth-refresh", null, 404, "{aliceToken}", has: ["Missing or invalid auth collection context."]),
        Get("an expired token lists as a guest", "/api/collections/posts/records", 200, "{expired}", has: ["\"totalItems\":1"]) with { Setup = Tokens },
        Get("a tampered token lists as a guest", "/api/collections/posts/records", 200, "{tampered}", has: ["\"totalItems\":1"]) with { Setup = Tokens },
        Get("a forged token lists as a guest", "/api/collections/posts/records", 200, "{forged}", has: ["\"totalItems\":1"], hasNot: ["Bob draft"]) with { Setup = Tokens },
        Get("a garbage token on a locked collection is 403", "/api/collections/locked/records", 403, "{garbage}", has: ["Only superusers can perform this action."]) with { Setup = Tokens },
        Get("an expired superuser-looking token on admin API is 401", "/api/collections", 401, "{expired}") with { Setup = Tokens },
        Get("a user token on the collections API is 403", "/api/collections", 403, "{aliceToken}", has: ["\"message\":\"The authorized record is not allowed to perform this action.\""]),
        Get("auth-methods", "/api/collections/users/auth-methods", 200,
            has: ["\"password\":{\"enabled\":true,\"identityFields\":[\"email\"]}", "\"oauth2\":{\"enabled\":false,\"providers\":[]}", "\"mfa\":{\"enabled\":false,\"duration\":0}", "\"otp\":{\"enabled\":false,\"duration\":0}"]),
        Get("auth-methods as the SDK asks", "/api/collections/users/auth-methods?fields=mfa,otp,password,oauth2", 200, has: ["\"password\":{"]),
        Get("auth-methods with fields", "/api/collections/users/auth-methods?fields=password", 200, has: ["{\"password\":{\"enabled\":true,\"identityFields\":[\"email\"]}}"]),
        Get("auth-methods by collection id", "/api/collections/_pb_users_auth_/auth-methods", 200, has: ["\"identityFields\":[\"email\"]"]),
        Get("auth-methods on a base collection", "/api/collections/posts/auth-methods", 404, has: ["Missing or invalid auth collection context."]),
    ];

    public static TheoryData<ApiScenario> FreshScenarios() =>
    [
        Send("password auth disabled", "POST", U, new { identity = "alice@strata.test", password = Blog.AlicePassword }, 403,
            has: ["\"message\":\"The collection is not configured to allow password authentication.\""]) with { Setup = Patch(new { passwordAuth = new { enabled = false } }) },
        Get("auth-methods with password auth disabled", "/api/collections/users/auth-methods", 200, has: ["\"password\":{\"enabled\":false,\"identityFields\":[]}"]) with
        {
            Setup = Patch(new { passwordAuth = new { enabled = false } }),
        },
        Send("authRule refuses an unverified user", "POST", U, new { identity = "bob@strata.test", password = Blog.BobPassword }, 403,
            has: ["\"message\":\"The request doesn't satisfy the collection requirements to authenticate.\""]) with { Setup = Patch(new { authRule = "verified = true" }) },
        Send("authRule admits a verified user", "POST", U, new { identity = "alice@strata.test", password = Blog.AlicePassword }, 200) with { Setup = Patch(new { authRule = "verified = true" }) },
        Send("authRule null refuses everyone", "POST", U, new { identity = "alice@strata.test", password = Blog.AlicePassword }, 403) with { Setup = Patch(new { authRule = (string?)null }) },
        Send("authRule is checked on refresh", "POST", "/api/collections/users/auth-refresh", null, 403, "{bobToken}") with { Setup = Patch(new { authRule = "verified = true" }) },
        Send("deleted user's token is a guest", "POST", "/api/collections/users/auth-refresh", null, 401, "{bobToken}") with
        {
            Setup = async app =>
            {
                await app.AdminAsync(HttpMethod.Delete, $"api/collections/users/records/{Blog.V("bob")}");
                return new Dictionary<string, string>();
            },
        },
    ];

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> Patch(object body) => async app =>
    {
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users", body);
        return new Dictionary<string, string>();
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => fixture.RunAsync(scenario);

    [Theory]
    [MemberData(nameof(FreshScenarios))]
    public Task FreshScenario(ApiScenario scenario) => scenario.RunFreshAsync();
}
