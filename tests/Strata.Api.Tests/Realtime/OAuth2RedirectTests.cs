using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests.Realtime;

/// <summary>
/// <c>/api/oauth2-redirect</c> of the SDK's all-in-one OAuth2 flow (contract §4.8): the provider's redirect reaches the
/// SSE client whose id is the state, as an <c>@oauth2</c> message, on SQLite and PostgreSQL.
/// </summary>
public sealed class OAuth2RedirectTests
{
    private const string Topic = "@oauth2";

    [Fact]
    public async Task Get_delivers_state_and_code_to_the_waiting_client_once_and_unsubscribes_it()
    {
        await using var app = await TestApp.StartAsync();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        await using var bystander = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, Topic, "alerts"));
        Assert.Equal(204, await bystander.SubscribeAsync(null, Topic));

        var (status, html) = await GetAsync(app, "api/oauth2-redirect?state=" + sse.ClientId + "&code=abc%2F123");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sign-in completed", html, StringComparison.Ordinal);

        var e = await sse.NextAsync();
        Assert.Equal((Topic, sse.ClientId), (e.Event, e.Id));
        // The contract's message: state and code, and no error key when there is no error.
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["state"] = sse.ClientId, ["code"] = "abc/123" }, e.Json));
        Assert.Empty(await bystander.DrainAsync(300));

        // The client is no longer subscribed to @oauth2: a replayed redirect finds nobody waiting.
        var (again, againHtml) = await GetAsync(app, "api/oauth2-redirect?state=" + sse.ClientId + "&code=other");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Contains("Sign-in failed", againHtml, StringComparison.Ordinal);
        Assert.Empty(await sse.DrainAsync(300));

        // Its other subscriptions stay.
        await app.Engine.Realtime.PublishTopicAsync("alerts", new JsonObject { ["n"] = 1 });
        Assert.Equal("alerts", (await sse.NextAsync()).Event);
    }

    [Fact]
    public async Task Post_form_delivers_the_code_and_a_provider_error_reaches_the_client_too()
    {
        await using var app = await TestApp.StartAsync();
        await using var ok = await SseStream.OpenAsync(app.BaseAddress);
        await using var denied = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await ok.SubscribeAsync(null, Topic));
        Assert.Equal(204, await denied.SubscribeAsync(null, Topic));

        var (status, html) = await PostFormAsync(app, new() { ["state"] = ok.ClientId, ["code"] = "form-code", ["user"] = "{\"name\":{}}" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sign-in completed", html, StringComparison.Ordinal);
        var e = await ok.NextAsync();
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["state"] = ok.ClientId, ["code"] = "form-code" }, e.Json));

        var (deniedStatus, deniedHtml) = await PostFormAsync(app, new() { ["state"] = denied.ClientId, ["error"] = "access_denied" });
        Assert.Equal(HttpStatusCode.OK, deniedStatus);
        Assert.Contains("Sign-in failed", deniedHtml, StringComparison.Ordinal);
        Assert.Contains("access_denied", deniedHtml, StringComparison.Ordinal);
        var d = await denied.NextAsync();
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["state"] = denied.ClientId, ["code"] = "", ["error"] = "access_denied" }, d.Json));
    }

    [Fact]
    public async Task Missing_unknown_or_not_waiting_states_get_the_failure_page_and_deliver_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await using var notWaiting = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await notWaiting.SubscribeAsync(null, "alerts"));

        foreach (var (path, expected) in new[]
        {
            ("api/oauth2-redirect", HttpStatusCode.BadRequest),
            ("api/oauth2-redirect?code=abc", HttpStatusCode.BadRequest),
            ("api/oauth2-redirect?state=&code=abc", HttpStatusCode.BadRequest),
            ("api/oauth2-redirect?state=" + new string('x', 101) + "&code=abc", HttpStatusCode.BadRequest),
            ("api/oauth2-redirect?state=unknownclient&code=abc", HttpStatusCode.NotFound),
            ("api/oauth2-redirect?state=" + notWaiting.ClientId + "&code=abc", HttpStatusCode.NotFound),
        })
        {
            var (status, html) = await GetAsync(app, path);
            Assert.True(expected == status, path + " gave " + status);
            Assert.Contains("Sign-in failed", html, StringComparison.Ordinal);
        }

        var (noState, _) = await PostFormAsync(app, new() { ["code"] = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, noState);
        var (unknown, _) = await PostFormAsync(app, new() { ["state"] = "unknownclient", ["code"] = "abc" });
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        using var json = await app.Client.PostAsync("api/oauth2-redirect", new StringContent("{\"state\":\"" + notWaiting.ClientId + "\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("text/html", json.Content.Headers.ContentType!.MediaType);
        Assert.Empty(await notWaiting.DrainAsync(300));
    }

    [Fact]
    public async Task A_redirect_from_another_address_than_the_stream_is_refused_and_leaves_the_client_waiting()
    {
        await using var app = await TestApp.StartAsync();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, Topic));

        // Another machine, as far as the server can tell: the connection comes from 127.0.0.2.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var stranger = new HttpClient(handler) { BaseAddress = app.BaseAddress };
        using var refused = await stranger.GetAsync("api/oauth2-redirect?state=" + sse.ClientId + "&code=stolen");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Empty(await sse.DrainAsync(300));

        var (status, _) = await GetAsync(app, "api/oauth2-redirect?state=" + sse.ClientId + "&code=mine");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("mine", (await sse.NextAsync()).Json["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_failure_page_escapes_the_provider_error()
    {
        await using var app = await TestApp.StartAsync();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, Topic));
        var (_, html) = await GetAsync(app, "api/oauth2-redirect?state=" + sse.ClientId + "&error=" + Uri.EscapeDataString("<script>x</script>"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Equal("<script>x</script>", (await sse.NextAsync()).Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_redirect_landing_on_another_node_reaches_the_client_through_postgres()
    {
        await using var a = await TestApp.StartAsync();
        if (a.EngineName != "postgres")
        {
            // Nodes share realtime messages only through PostgreSQL: on SQLite the backplane is in-process.
            Assert.False(a.Engine.Realtime.Backplane.SpansNodes);
            return;
        }

        await using var b = await a.StartPeerAsync();
        await using var sse = await SseStream.OpenAsync(b.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, Topic));

        var (status, html) = await GetAsync(a, "api/oauth2-redirect?state=" + sse.ClientId + "&code=cross");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Sign-in completed", html, StringComparison.Ordinal);
        Assert.Equal("cross", (await sse.NextAsync()).Json["code"]!.GetValue<string>());

        // Delivered once: the replay on node a is answered by nobody and fails (after the reply timeout).
        var (again, _) = await GetAsync(a, "api/oauth2-redirect?state=" + sse.ClientId + "&code=cross");
        Assert.Equal(HttpStatusCode.NotFound, again);
        Assert.Empty(await sse.DrainAsync(300));
        Assert.Equal(0, a.Engine.Realtime.ClientCount);
    }

    private static async Task<(HttpStatusCode Status, string Html)> GetAsync(TestApp app, string path)
    {
        using var response = await app.Client.GetAsync(path);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Html)> PostFormAsync(TestApp app, Dictionary<string, string> form)
    {
        using var response = await app.Client.PostAsync("api/oauth2-redirect", new FormUrlEncodedContent(form));
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
