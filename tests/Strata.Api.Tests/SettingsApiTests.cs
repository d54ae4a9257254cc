using Strata.Testing;
using static Strata.Api.Tests.Rows;

namespace Strata.Api.Tests;

/// <summary>The settings API (contract §8.2): superuser only, deep-merged PATCH, redacted secrets, validation.</summary>
public sealed class SettingsApiTests
{
    private const string S = "/api/settings";

    private static Func<TestApp, System.Text.Json.Nodes.JsonNode?, Task> AppName(string expected) => async (app, _) =>
        Blog.Check((await app.AdminAsync(HttpMethod.Get, "api/settings"))!["meta"]!["appName"]!.GetValue<string>() == expected, "appName is " + expected);

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        Get("get as superuser", S, 200, "superuser", has: ["\"meta\":{", "\"appName\":", "\"smtp\":{", "\"batch\":{\"enabled\":false", "\"rateLimits\":{", "\"trustedProxy\":{", "\"logs\":{", "\"superuserIPs\":["]),
        Get("get as guest", S, 401, has: ["\"message\":\"The request requires valid record authorization token.\""]) with { After = ErrorShape(401) },
        Send("get as a user", "GET", S, null, 403, "{aliceToken}") with { Setup = Users },
        Send("patch appName", "PATCH", S, new { meta = new { appName = "Renamed" } }, 200, "superuser", has: ["\"appName\":\"Renamed\"", "\"smtp\":{"]) with { After = AppName("Renamed") },
        Send("patch is a deep merge", "PATCH", S, new { meta = new { senderName = "Bot" } }, 200, "superuser", has: ["\"senderName\":\"Bot\"", "\"appName\":"]),
        Send("patch enables batch", "PATCH", S, new { batch = new { enabled = true, maxRequests = 5 } }, 200, "superuser", has: ["\"batch\":{\"enabled\":true,\"maxRequests\":5"]),
        Send("smtp password is never returned", "PATCH", S, new { smtp = new { password = "very-secret-pw" } }, 200, "superuser", hasNot: ["very-secret-pw"]) with
        {
            After = async (app, _) => Blog.Check(!(await app.AdminAsync(HttpMethod.Get, "api/settings"))!.ToJsonString().Contains("very-secret-pw", StringComparison.Ordinal), "GET hides it too"),
        },
        Send("invalid batch.maxRequests", "PATCH", S, new { meta = new { appName = "Nope" }, batch = new { maxRequests = -1 } }, 400, "superuser",
            has: ["\"message\":\"An error occurred while saving the new settings.\"", "\"batch\":{\"maxRequests\":{\"code\":\"validation_invalid_value\""]) with { After = AppName("Strata") },
        Send("invalid batch.enabled type", "PATCH", S, new { batch = new { enabled = "yes" } }, 400, "superuser"),
        Send("patch with a non-object body", "PATCH", S, "[1,2]", 400, "superuser") with { After = ErrorShape(400) },
        Send("patch with malformed JSON", "PATCH", S, "{\"meta\":", 400, "superuser"),
        Send("patch as guest", "PATCH", S, new { meta = new { appName = "Hacked" } }, 401) with { After = AppName("Strata") },
    ];

    private static Func<TestApp, Task<IReadOnlyDictionary<string, string>>> Users => async app =>
    {
        var v = await Blog.SeedAsync(app);
        return new Dictionary<string, string>(v);
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => scenario.RunAsync();
}
