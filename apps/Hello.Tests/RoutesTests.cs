namespace Hello.Tests;

/// <summary>The app's routes: current auth, RequireAuth, a rule evaluated for the requester, typed queries.</summary>
public sealed class RoutesTests
{
    [Fact]
    public async Task Hello_greets_guests_and_signed_in_users_with_the_injected_greeter()
    {
        var (app, _) = await HelloHarness.StartAsync(new HelloOptions { Salutation = "Howdy" });
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        Assert.Equal("Howdy, guest!", (await app.SendAsync(HttpMethod.Get, "api/hello")).Body["greeting"]!.GetValue<string>());
        Assert.Equal("Howdy, Ada!", (await app.SendAsync(HttpMethod.Get, "api/hello", ada.Token)).Body["greeting"]!.GetValue<string>());
    }

    [Fact]
    public async Task Me_requires_auth_counts_only_my_messages_and_evaluates_the_update_rule()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        var bob = await app.SignUpAsync("Bob");

        var (guestStatus, guest) = await app.SendAsync(HttpMethod.Get, "api/hello/me");
        Assert.Equal(401, guestStatus);
        Assert.Equal(401, guest["status"]!.GetValue<int>());
        Assert.IsType<System.Text.Json.Nodes.JsonObject>(guest["data"]);

        var (_, empty) = await app.SendAsync(HttpMethod.Get, "api/hello/me", bob.Token);
        Assert.Equal(0, empty["messages"]!.GetValue<int>());
        Assert.False(empty["canEditLatest"]!.GetValue<bool>());

        await app.PostMessageAsync(ada, "one");
        await app.PostMessageAsync(ada, "two");
        await app.PostMessageAsync(bob, "bob's");
        var (status, me) = await app.SendAsync(HttpMethod.Get, "api/hello/me", ada.Token);
        Assert.Equal(200, status);
        Assert.Equal("Hello, Ada!", me["greeting"]!.GetValue<string>());
        Assert.Equal(2, me["messages"]!.GetValue<int>());
        Assert.True(me["canEditLatest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Search_applies_the_list_rule_binds_the_query_as_a_parameter_and_rejects_empty_input()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        await app.PostMessageAsync(ada, "apples and pears");
        await app.PostMessageAsync(ada, "just pears");
        await app.PostMessageAsync(ada, "it's 100% o'clock");

        var (_, pears) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=pears");
        Assert.Equal(2, pears["total"]!.GetValue<int>());

        // Quotes and wildcards are data, not filter syntax.
        var (quoteStatus, quote) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=" + Uri.EscapeDataString("' || id != '"));
        Assert.Equal(200, quoteStatus);
        Assert.Equal(0, quote["total"]!.GetValue<int>());
        var (_, clock) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=" + Uri.EscapeDataString("o'clock"));
        Assert.Equal(1, clock["total"]!.GetValue<int>());

        var (status, error) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=%20");
        Assert.Equal(400, status);
        Assert.Equal("validation_required", error["data"]!["q"]!["code"]!.GetValue<string>());

        // Without a listRule only superusers may list: the same typed query as a guest is refused.
        await app.AdminAsync(HttpMethod.Patch, "api/collections/messages", new { listRule = (string?)null });
        var (closed, closedBody) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=pears");
        Assert.Equal(403, closed);
        Assert.Equal(403, closedBody["status"]!.GetValue<int>());
        var (superuserStatus, all) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=pears", await app.SuperuserTokenAsync());
        Assert.Equal(200, superuserStatus);
        Assert.Equal(2, all["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Search_is_rate_limited_per_client_with_the_contract_429()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        for (var i = 0; i < HelloRoutes.SearchesPerMinute; i++)
        {
            Assert.Equal(200, (await app.SendAsync(HttpMethod.Get, "api/hello/search?q=x")).Status);
        }

        var (status, body) = await app.SendAsync(HttpMethod.Get, "api/hello/search?q=x");
        Assert.Equal(429, status);
        Assert.Equal(429, body["status"]!.GetValue<int>());
        // Other routes are not counted against it.
        Assert.Equal(200, (await app.SendAsync(HttpMethod.Get, "api/hello")).Status);
    }
}
