using Strata.Testing;
using static Strata.Api.Tests.AuthClient;

namespace Strata.Api.Tests;

/// <summary>Rate limits from the settings (429 + Retry-After, failed logins per identity, shared on PostgreSQL) and the CORS allow-list.</summary>
public sealed class RateLimitAndCorsTests
{
    private static Task<Reply> Login(TestApp app, string collection, string identity, string password) =>
        SendAsync(app, "POST", $"api/collections/{collection}/auth-with-password", null, new { identity, password });

    [Fact]
    public async Task Five_failed_logins_per_identity_then_429_until_the_window_ends()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        await CreateUserAsync(app, "ann@strata.test");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(400, (await Login(app, "users", "ann@strata.test", "wrong-password")).Status);
        }

        var limited = await Login(app, "users", "ANN@strata.test", "user-password-1");
        Assert.Equal(429, limited.Status);
        Assert.Equal("Too Many Requests.", limited.Text("message"));
        Assert.True(limited.Response.Headers.RetryAfter?.Delta?.TotalSeconds is > 0 and <= 900, "Retry-After: " + limited.Response.Headers.RetryAfter);
        Assert.Equal(400, (await Login(app, "users", "other@strata.test", "wrong-password")).Status);

        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(200, (await Login(app, "users", "ann@strata.test", "user-password-1")).Status);
    }

    [Fact]
    public async Task Superusers_get_the_same_failed_login_limit()
    {
        await using var app = await TestApp.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(400, (await Login(app, "_superusers", TestApp.SuperuserEmail, "wrong-password")).Status);
        }

        Assert.Equal(429, (await Login(app, "_superusers", TestApp.SuperuserEmail, TestApp.SuperuserPassword)).Status);
    }

    [Fact]
    public async Task A_route_rule_answers_429_with_retry_after_and_recovers_after_the_window()
    {
        var clock = new ManualClock();
        await using var app = await TestApp.StartAsync(clock: clock);
        var bad = await SendAsync(app, "PATCH", "api/settings", await app.SuperuserTokenAsync(),
            new { rateLimits = new { rules = new object[] { new { label = "/api/health", maxRequests = 0, duration = 60 } } } });
        Assert.Equal(400, bad.Status);
        await app.AdminAsync(HttpMethod.Patch, "api/settings", new
        {
            rateLimits = new { enabled = true, rules = new object[] { new { label = "GET /api/health", maxRequests = 2, duration = 60, audience = "@guest" } } },
        });
        Assert.Equal(200, (await SendAsync(app, "GET", "api/health")).Status);
        Assert.Equal(200, (await SendAsync(app, "GET", "api/health")).Status);
        var limited = await SendAsync(app, "GET", "api/health");
        Assert.Equal(429, limited.Status);
        Assert.Equal(429, limited.Body!["status"]!.GetValue<int>());
        Assert.NotNull(limited.Response.Headers.RetryAfter);
        Assert.Equal(200, (await SendAsync(app, "GET", "api/health", await app.SuperuserTokenAsync())).Status);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(200, (await SendAsync(app, "GET", "api/health")).Status);
    }

    [Fact]
    public async Task A_tag_rule_limits_record_creates_per_client_in_one_collection()
    {
        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Patch, "api/settings", new
        {
            rateLimits = new { rules = new object[] { new { label = "users:create", maxRequests = 1, duration = 600, audience = "@guest" } } },
        });
        var body = new { email = "a1@strata.test", password = "user-password-1", passwordConfirm = "user-password-1" };
        Assert.Equal(200, (await SendAsync(app, "POST", "api/collections/users/records", null, body)).Status);
        var second = await SendAsync(app, "POST", "api/collections/users/records", null, body with { email = "a2@strata.test" });
        Assert.Equal(429, second.Status);
        Assert.Equal(200, (await SendAsync(app, "GET", "api/collections/users/records")).Status);
        Assert.Equal(200, (await SendAsync(app, "POST", "api/collections/users/records", await app.SuperuserTokenAsync(), body with { email = "a3@strata.test" })).Status);
    }

    [Fact]
    public async Task Failed_login_counts_are_shared_between_nodes_on_postgres()
    {
        await using var node1 = await TestApp.StartAsync();
        await using var node2 = await node1.StartPeerAsync();
        await CreateUserAsync(node1, "ann@strata.test");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(400, (await Login(i % 2 == 0 ? node1 : node2, "users", "ann@strata.test", "wrong-password")).Status);
        }

        // On PostgreSQL the counters live in the shared table; on SQLite (one node by design) each process counts its own.
        var status = (await Login(node2, "users", "ann@strata.test", "user-password-1")).Status;
        Assert.Equal(node1.EngineName == "postgres" ? 429 : 200, status);
        Assert.Equal(node1.EngineName == "postgres" ? 429 : 200, (await Login(node1, "users", "ann@strata.test", "user-password-1")).Status);
    }

    [Fact]
    public async Task Cors_is_permissive_by_default_and_follows_the_allow_list()
    {
        await using var app = await TestApp.StartAsync();
        var origin = new Dictionary<string, string> { ["Origin"] = "https://elsewhere.example" };
        var open = await SendAsync(app, "GET", "api/health", null, null, origin);
        Assert.Equal("https://elsewhere.example", open.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());

        await app.AdminAsync(HttpMethod.Patch, "api/settings", new { cors = new { allowedOrigins = new[] { "https://napalmsky.com" } } });
        var listed = await SendAsync(app, "GET", "api/health", null, null, new Dictionary<string, string> { ["Origin"] = "https://napalmsky.com" });
        Assert.Equal(200, listed.Status);
        Assert.Equal("https://napalmsky.com", listed.Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var refused = await SendAsync(app, "GET", "api/health", null, null, origin);
        Assert.Equal(403, refused.Status);
        Assert.False(refused.Response.Headers.Contains("Access-Control-Allow-Origin"));
        var preflight = await SendAsync(app, "OPTIONS", "api/health", null, null,
            new Dictionary<string, string> { ["Origin"] = "https://elsewhere.example", ["Access-Control-Request-Method"] = "POST" });
        Assert.Equal(403, preflight.Status);
        Assert.Equal(200, (await SendAsync(app, "GET", "api/health")).Status);
        var badList = await SendAsync(app, "PATCH", "api/settings", await app.SuperuserTokenAsync(), new { cors = new { allowedOrigins = new[] { "not an origin" } } });
        Assert.Equal(400, badList.Status);
    }
}
