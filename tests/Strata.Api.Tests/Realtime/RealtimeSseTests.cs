using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Testing;
using static Strata.Api.Tests.Realtime.RealtimeFixture;

namespace Strata.Api.Tests.Realtime;

/// <summary>Realtime over SSE as the PocketBase SDK uses it (contract §6), on SQLite and PostgreSQL.</summary>
public sealed class RealtimeSseTests
{
    [Fact]
    public async Task Connect_sends_PB_CONNECT_with_the_client_id_in_the_id_field()
    {
        await using var app = await TestApp.StartAsync();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(40, sse.ClientId.Length);
        Assert.True(sse.ClientId.All(char.IsAsciiLetterOrDigit));
        Assert.Equal("text/event-stream", sse.Response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", sse.Response.Headers.CacheControl!.ToString());
        Assert.Equal("no", sse.Response.Headers.GetValues("X-Accel-Buffering").Single());
        Assert.Equal(1, app.Engine.Realtime.ClientCount);
    }

    [Fact]
    public async Task Owner_receives_create_update_delete_and_others_receive_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await CreateNotesAsync(app);
        var (ownerId, ownerToken) = await UserAsync(app, "owner");
        var (_, otherToken) = await UserAsync(app, "other");
        await using var owner = await SseStream.OpenAsync(app.BaseAddress);
        await using var other = await SseStream.OpenAsync(app.BaseAddress);
        await using var guest = await SseStream.OpenAsync(app.BaseAddress);
        await using var root = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await owner.SubscribeAsync(ownerToken, "notes/*"));
        Assert.Equal(204, await other.SubscribeAsync(otherToken, "notes/*"));
        Assert.Equal(204, await guest.SubscribeAsync(null, "notes/*"));
        Assert.Equal(204, await root.SubscribeAsync(await app.SuperuserTokenAsync(), "notes/*"));

        var note = await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "first", owner = ownerId });
        var id = note!["id"]!.GetValue<string>();
        await SendAsync(app, HttpMethod.Patch, "api/collections/notes/records/" + id, ownerToken, new { title = "second" });
        await SendAsync(app, HttpMethod.Delete, "api/collections/notes/records/" + id, ownerToken);

        foreach (var stream in new[] { owner, root })
        {
            var created = await stream.NextAsync();
            Assert.Equal("notes/*", created.Event);
            Assert.Equal(stream.ClientId, created.Id);
            Assert.Equal("create", created.Json["action"]!.GetValue<string>());
            Assert.Equal("first", created.Json["record"]!["title"]!.GetValue<string>());
            Assert.Equal("notes", created.Json["record"]!["collectionName"]!.GetValue<string>());
            var updated = await stream.NextAsync();
            Assert.Equal(("update", "second"), (updated.Json["action"]!.GetValue<string>(), updated.Json["record"]!["title"]!.GetValue<string>()));
            // The delete is checked against the record as it was: the owner still sees it.
            var deleted = await stream.NextAsync();
            Assert.Equal(("delete", id), (deleted.Json["action"]!.GetValue<string>(), deleted.Json["record"]!["id"]!.GetValue<string>()));
        }

        Assert.Empty(await other.DrainAsync());
        Assert.Empty(await guest.DrainAsync(100));
    }

    [Fact]
    public async Task A_record_topic_uses_the_view_rule_and_only_gets_its_record()
    {
        await using var app = await TestApp.StartAsync();
        await CreateNotesAsync(app);
        var (ownerId, ownerToken) = await UserAsync(app, "owner");

        // Events are delivered after commit, asynchronously (through PostgreSQL's NOTIFY on that engine): wait until the
        // two creates have gone out to a subscriber before the streams under test subscribe, or a create may reach them.
        await using var watcher = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await watcher.SubscribeAsync(ownerToken, "notes/*"));
        var a = await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "a", owner = ownerId });
        var b = await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "b", owner = ownerId });
        Assert.Equal("create", (await watcher.NextAsync()).Json["action"]!.GetValue<string>());
        Assert.Equal("create", (await watcher.NextAsync()).Json["action"]!.GetValue<string>());
        var aId = a!["id"]!.GetValue<string>();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        await using var guest = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(ownerToken, "notes/" + aId));
        Assert.Equal(204, await guest.SubscribeAsync(null, "notes/" + aId));

        await SendAsync(app, HttpMethod.Patch, "api/collections/notes/records/" + b!["id"]!.GetValue<string>(), ownerToken, new { title = "b2" });
        await SendAsync(app, HttpMethod.Patch, "api/collections/notes/records/" + aId, ownerToken, new { title = "a2" });

        var e = await sse.NextAsync();
        Assert.Equal("notes/" + aId, e.Event);
        Assert.Equal("a2", e.Json["record"]!["title"]!.GetValue<string>());
        Assert.Empty(await sse.DrainAsync());
        Assert.Empty(await guest.DrainAsync(100));
    }

    [Fact]
    public async Task Filter_expand_and_fields_options_apply_per_subscription()
    {
        await using var app = await TestApp.StartAsync();
        await CreateNotesAsync(app);
        var (ownerId, ownerToken) = await UserAsync(app, "owner");
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        var filtered = "notes/*" + Options(new { query = new { filter = "title ~ 'urgent'" } });
        var shaped = "notes/*" + Options(new { query = new { expand = "owner", fields = "id,title,expand.owner.name" } });
        Assert.Equal(204, await sse.SubscribeAsync(ownerToken, filtered, shaped));

        await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "calm", owner = ownerId });
        await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "urgent!", owner = ownerId });

        var events = new List<SseEvent> { await sse.NextAsync(), await sse.NextAsync(), await sse.NextAsync() };
        Assert.Empty(await sse.DrainAsync(300));
        var byFilter = events.Where(e => e.Event == filtered).ToList();
        Assert.Equal(["urgent!"], byFilter.Select(e => e.Json["record"]!["title"]!.GetValue<string>()));
        var byShape = events.Where(e => e.Event == shaped).Select(e => (JsonObject)e.Json["record"]!).ToList();
        Assert.Equal(2, byShape.Count);
        foreach (var record in byShape)
        {
            Assert.Equal(["id", "title", "expand"], record.Select(p => p.Key));
            Assert.Equal("owner", record["expand"]!["owner"]!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Each_post_replaces_the_subscriptions()
    {
        await using var app = await TestApp.StartAsync();
        await CreateNotesAsync(app);
        await app.AdminAsync(HttpMethod.Post, "api/collections", new { name = "open", listRule = "", viewRule = "", createRule = "", fields = new object[] { new { name = "title", type = "text" } } });
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, "open/*"));
        await SendAsync(app, HttpMethod.Post, "api/collections/open/records", null, new { title = "one" });
        Assert.Equal("one", (await sse.NextAsync()).Json["record"]!["title"]!.GetValue<string>());

        Assert.Equal(204, await sse.SubscribeAsync(null, "notes/*"));
        await SendAsync(app, HttpMethod.Post, "api/collections/open/records", null, new { title = "two" });
        Assert.Empty(await sse.DrainAsync());

        // A bare collection name and the collection id are matched too.
        var openId = (await app.AdminAsync(HttpMethod.Get, "api/collections/open"))!["id"]!.GetValue<string>();
        Assert.Equal(204, await sse.SubscribeAsync(null, "open", openId + "/*"));
        await SendAsync(app, HttpMethod.Post, "api/collections/open/records", null, new { title = "three" });
        var names = new[] { (await sse.NextAsync()).Event, (await sse.NextAsync()).Event }.Order().ToArray();
        Assert.Equal(new[] { "open", openId + "/*" }.Order(), names);
    }

    [Fact]
    public async Task Bad_posts_are_404_400_or_403()
    {
        await using var app = await TestApp.StartAsync();
        var (_, ownerToken) = await UserAsync(app, "owner");
        var (_, otherToken) = await UserAsync(app, "other");
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);

        using var unknown = await app.Client.PostAsJsonAsync("api/realtime", new { clientId = "nope", subscriptions = new[] { "notes/*" } });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Missing or invalid client id.", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>());

        using var missing = await app.Client.PostAsJsonAsync("api/realtime", new { subscriptions = new[] { "notes/*" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("validation_required", (await missing.Content.ReadFromJsonAsync<JsonObject>())!["data"]!["clientId"]!["code"]!.GetValue<string>());

        using var tooLong = await app.Client.PostAsJsonAsync("api/realtime", new { clientId = sse.ClientId, subscriptions = new[] { new string('x', 2501) } });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        using var notAList = await app.Client.PostAsync("api/realtime", new StringContent("{\"clientId\":\"" + sse.ClientId + "\",\"subscriptions\":5}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notAList.StatusCode);

        Assert.Equal(204, await sse.SubscribeAsync(ownerToken, "notes/*"));
        Assert.Equal(204, await sse.SubscribeAsync(ownerToken, "notes/*", "PB_CONNECT"));
        Assert.Equal(403, await sse.SubscribeAsync(otherToken, "notes/*"));
        Assert.Equal(403, await sse.SubscribeAsync(null, "notes/*"));
    }

    [Fact]
    public async Task Server_code_can_publish_to_custom_topics()
    {
        await using var app = await TestApp.StartAsync();
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(null, "alerts"));
        await app.Engine.Realtime.PublishTopicAsync("alerts", new JsonObject { ["level"] = "high" });
        await app.Engine.Realtime.PublishTopicAsync("other", new JsonObject { ["level"] = "low" });
        var e = await sse.NextAsync();
        Assert.Equal(("alerts", "high"), (e.Event, e.Json["level"]!.GetValue<string>()));
        Assert.Empty(await sse.DrainAsync(300));
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_and_does_not_hold_up_the_others()
    {
        await using var app = await TestApp.StartAsync(a => a.Realtime.ClientBuffer = 8);
        await app.AdminAsync(HttpMethod.Post, "api/collections", new { name = "open", listRule = "", viewRule = "", createRule = "", fields = new object[] { new { name = "body", type = "text", max = 500000 } } });
        await using var fast = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await fast.SubscribeAsync(null, "open/*"));

        // A raw connection that reads PB_CONNECT, subscribes, then never reads again.
        using var slow = new TcpClient();
        slow.ReceiveBufferSize = 4096;
        await slow.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var net = slow.GetStream();
        await net.WriteAsync(Encoding.ASCII.GetBytes($"GET /api/realtime HTTP/1.1\r\nHost: {app.BaseAddress.Authority}\r\nAccept: text/event-stream\r\n\r\n"));
        var head = new StringBuilder();
        var buf = new byte[1];
        while (!head.ToString().Contains("\n\n", StringComparison.Ordinal) || !head.ToString().Contains("PB_CONNECT", StringComparison.Ordinal))
        {
            Assert.Equal(1, await net.ReadAsync(buf));
            head.Append((char)buf[0]);
        }

        var slowId = head.ToString().Split('\n').First(l => l.StartsWith("id:", StringComparison.Ordinal))[3..].Trim();
        using (var sub = await app.Client.PostAsJsonAsync("api/realtime", new { clientId = slowId, subscriptions = new[] { "open/*" } }))
        {
            Assert.Equal(HttpStatusCode.NoContent, sub.StatusCode);
        }

        var body = new string('x', 200_000);
        const int count = 80;
        // The fast client takes each event before the next write, so its queue never holds more than one however slow
        // the machine is; the slow client's queue fills past its buffer of 8 and it is dropped.
        for (var i = 0; i < count; i++)
        {
            await SendAsync(app, HttpMethod.Post, "api/collections/open/records", null, new { body = body + i });
            var e = await fast.NextAsync();
            Assert.Equal(body + i, e.Json["record"]!["body"]!.GetValue<string>());
        }

        for (var i = 0; i < 100 && app.Engine.Realtime.DroppedClients == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, app.Engine.Realtime.DroppedClients);
        Assert.Equal(1, app.Engine.Realtime.ClientCount);
    }

    [Fact]
    public async Task Two_nodes_on_one_postgres_database_deliver_each_others_record_events()
    {
        await using var a = await TestApp.StartAsync();
        if (a.EngineName != "postgres")
        {
            // Nodes share realtime events only through PostgreSQL: on SQLite the backplane is in-process.
            Assert.False(a.Engine.Realtime.Backplane.SpansNodes);
            return;
        }

        Assert.True(a.Engine.Realtime.Backplane.SpansNodes);
        await CreateNotesAsync(a);
        var (ownerId, ownerToken) = await UserAsync(a, "owner");
        var (_, otherToken) = await UserAsync(a, "other");
        await using var b = await a.StartPeerAsync();
        await using var owner = await SseStream.OpenAsync(b.BaseAddress);
        await using var other = await SseStream.OpenAsync(b.BaseAddress);
        Assert.Equal(204, await owner.SubscribeAsync(ownerToken, "notes/*"));
        Assert.Equal(204, await other.SubscribeAsync(otherToken, "notes/*"));

        // Bigger than one NOTIFY payload: it travels through the spill table.
        var big = new string('y', 20_000);
        var note = await SendAsync(a, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "from a", body = big, owner = ownerId });
        await SendAsync(a, HttpMethod.Delete, "api/collections/notes/records/" + note!["id"]!.GetValue<string>(), ownerToken);

        var created = await owner.NextAsync();
        Assert.Equal(("create", "from a", big), (created.Json["action"]!.GetValue<string>(), created.Json["record"]!["title"]!.GetValue<string>(), created.Json["record"]!["body"]!.GetValue<string>()));
        var deleted = await owner.NextAsync();
        Assert.Equal("delete", deleted.Json["action"]!.GetValue<string>());
        Assert.Empty(await other.DrainAsync());
    }

    [Fact]
    public async Task An_idle_stream_is_closed_and_its_client_forgotten()
    {
        await using var app = await TestApp.StartAsync(a => a.Realtime.IdleTimeout = TimeSpan.FromSeconds(1));
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        for (var i = 0; i < 50 && !sse.Ended; i++)
        {
            await Task.Delay(100);
        }

        Assert.True(sse.Ended);
        for (var i = 0; i < 20 && app.Engine.Realtime.ClientCount > 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, app.Engine.Realtime.ClientCount);
        using var late = await app.Client.PostAsJsonAsync("api/realtime", new { clientId = sse.ClientId, subscriptions = new[] { "x" } });
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
    }

    [Fact]
    public async Task The_bound_user_follows_updates_and_is_dropped_when_deleted()
    {
        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "board", listRule = "@request.auth.name = 'Alice'", viewRule = "", createRule = "", fields = new object[] { new { name = "title", type = "text" } },
        });
        var (aliceId, aliceToken) = await UserAsync(app, "alice");
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users/records/" + aliceId, new { name = "Alice" });
        await using var sse = await SseStream.OpenAsync(app.BaseAddress);
        Assert.Equal(204, await sse.SubscribeAsync(aliceToken, "board/*"));
        await SendAsync(app, HttpMethod.Post, "api/collections/board/records", null, new { title = "one" });
        Assert.Equal("one", (await sse.NextAsync()).Json["record"]!["title"]!.GetValue<string>());

        // The rule reads the bound record: a rename is seen by the next event.
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users/records/" + aliceId, new { name = "Alicia" });
        await SendAsync(app, HttpMethod.Post, "api/collections/board/records", null, new { title = "two" });
        Assert.Empty(await sse.DrainAsync());
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users/records/" + aliceId, new { name = "Alice" });
        await SendAsync(app, HttpMethod.Post, "api/collections/board/records", null, new { title = "three" });
        Assert.Equal("three", (await sse.NextAsync()).Json["record"]!["title"]!.GetValue<string>());

        await app.AdminAsync(HttpMethod.Delete, "api/collections/users/records/" + aliceId);
        await SendAsync(app, HttpMethod.Post, "api/collections/board/records", null, new { title = "four" });
        Assert.Empty(await sse.DrainAsync());
        Assert.Null(app.Engine.Realtime.Find(sse.ClientId)!.Auth);
    }
}
