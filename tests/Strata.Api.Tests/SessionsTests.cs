using Strata.Testing;
using static Strata.Api.Tests.AuthClient;

namespace Strata.Api.Tests;

/// <summary>Revocable server-side sessions (/api/strata/sessions), on SQLite and PostgreSQL.</summary>
public sealed class SessionsTests
{
    [Fact]
    public async Task A_revoked_session_token_is_refused_on_the_next_request()
    {
        await using var app = await TestApp.StartAsync();
        await CreateUserAsync(app, "ann@strata.test");
        var phone = await LoginAsync(app, "ann@strata.test", device: "phone");
        var laptop = await LoginAsync(app, "ann@strata.test", device: "laptop");
        Assert.NotEqual(phone, laptop);

        var list = await SendAsync(app, "GET", "api/strata/sessions", laptop);
        Assert.Equal(200, list.Status);
        var sessions = list.Body!.AsArray();
        Assert.Equal(2, sessions.Count);
        var phoneSession = sessions.Single(s => s!["userAgent"]!.GetValue<string>() == "phone")!;
        Assert.False(phoneSession["current"]!.GetValue<bool>());
        Assert.True(sessions.Single(s => s!["userAgent"]!.GetValue<string>() == "laptop")!["current"]!.GetValue<bool>());

        Assert.Equal(200, await RefreshStatusAsync(app, phone));
        Assert.Equal(204, (await SendAsync(app, "DELETE", "api/strata/sessions/" + phoneSession["id"]!.GetValue<string>(), laptop)).Status);
        Assert.Equal(401, await RefreshStatusAsync(app, phone));
        Assert.Equal(401, (await SendAsync(app, "GET", "api/strata/sessions", phone)).Status);
        Assert.Equal(200, await RefreshStatusAsync(app, laptop));
    }

    [Fact]
    public async Task Log_out_all_others_then_all()
    {
        await using var app = await TestApp.StartAsync();
        await CreateUserAsync(app, "ann@strata.test");
        var t1 = await LoginAsync(app, "ann@strata.test");
        var t2 = await LoginAsync(app, "ann@strata.test");
        var t3 = await LoginAsync(app, "ann@strata.test");

        var others = await SendAsync(app, "DELETE", "api/strata/sessions?keep=current", t1);
        Assert.Equal(200, others.Status);
        Assert.Equal(2, others.Body!["revoked"]!.GetValue<int>());
        Assert.Equal(401, await RefreshStatusAsync(app, t2));
        Assert.Equal(401, await RefreshStatusAsync(app, t3));
        Assert.Equal(200, await RefreshStatusAsync(app, t1));

        Assert.Equal(200, (await SendAsync(app, "DELETE", "api/strata/sessions", t1)).Status);
        Assert.Equal(401, await RefreshStatusAsync(app, t1));
        Assert.Equal(401, (await SendAsync(app, "GET", "api/strata/sessions")).Status);
    }

    [Fact]
    public async Task A_refresh_stays_in_the_session_and_revoking_it_ends_old_and_new_tokens()
    {
        await using var app = await TestApp.StartAsync(clock: new ManualClock());
        await CreateUserAsync(app, "ann@strata.test");
        var first = await LoginAsync(app, "ann@strata.test");
        ((ManualClock)app.Engine.Clock).Advance(TimeSpan.FromSeconds(5));
        var refreshed = (await SendAsync(app, "POST", "api/collections/users/auth-refresh", first)).Text("token");
        Assert.NotEqual(first, refreshed);
        var sessions = (await SendAsync(app, "GET", "api/strata/sessions", refreshed)).Body!.AsArray();
        Assert.Single(sessions);
        Assert.Equal(200, await RefreshStatusAsync(app, first));

        Assert.Equal(200, (await SendAsync(app, "DELETE", "api/strata/sessions", refreshed)).Status);
        Assert.Equal(401, await RefreshStatusAsync(app, first));
        Assert.Equal(401, await RefreshStatusAsync(app, refreshed));
    }

    [Fact]
    public async Task Others_cannot_see_or_revoke_my_sessions_but_a_superuser_can()
    {
        await using var app = await TestApp.StartAsync();
        var annId = await CreateUserAsync(app, "ann@strata.test");
        await CreateUserAsync(app, "bob@strata.test");
        var ann = await LoginAsync(app, "ann@strata.test");
        var bob = await LoginAsync(app, "bob@strata.test");
        var annSession = (await SendAsync(app, "GET", "api/strata/sessions", ann)).Body!.AsArray()[0]!["id"]!.GetValue<string>();

        var bobList = (await SendAsync(app, "GET", "api/strata/sessions", bob)).Body!.AsArray();
        Assert.DoesNotContain(bobList, s => s!["id"]!.GetValue<string>() == annSession);
        Assert.Equal(403, (await SendAsync(app, "GET", $"api/strata/sessions?collection=users&recordId={annId}", bob)).Status);
        Assert.Equal(404, (await SendAsync(app, "DELETE", "api/strata/sessions/" + annSession, bob)).Status);
        Assert.Equal(200, await RefreshStatusAsync(app, ann));

        var su = await app.SuperuserTokenAsync();
        var seen = (await SendAsync(app, "GET", $"api/strata/sessions?collection=users&recordId={annId}", su)).Body!.AsArray();
        Assert.Contains(seen, s => s!["id"]!.GetValue<string>() == annSession);
        Assert.Equal(204, (await SendAsync(app, "DELETE", "api/strata/sessions/" + annSession, su)).Status);
        Assert.Equal(401, await RefreshStatusAsync(app, ann));
        Assert.Equal(200, await RefreshStatusAsync(app, bob));
    }

    [Fact]
    public async Task A_revocation_on_one_node_holds_on_another_node_at_once()
    {
        await using var node1 = await TestApp.StartAsync();
        await using var node2 = await node1.StartPeerAsync();
        await CreateUserAsync(node1, "ann@strata.test");
        var token = await LoginAsync(node1, "ann@strata.test");
        Assert.Equal(200, await RefreshStatusAsync(node2, token));
        Assert.Equal(200, (await SendAsync(node1, "DELETE", "api/strata/sessions", token)).Status);
        Assert.Equal(401, await RefreshStatusAsync(node2, token));
    }
}
