using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Strata.Testing;
using static Strata.Api.Tests.Realtime.RealtimeFixture;

namespace Strata.Api.Tests.Realtime;

/// <summary>The WebSocket endpoint: channels with join rules, presence, direct messages, limits; on SQLite and PostgreSQL.</summary>
public sealed class RealtimeWebSocketTests
{
    private static void Configure(StrataApp app)
    {
        app.Realtime.MaxMessageBytes = 4096;
        app.Realtime.Channel("lobby", "").Channel("room:{id}", "members.id ?= @request.auth.id", collection: "rooms");
    }

    private static async Task<(TestApp App, Dictionary<string, (string Id, string Token)> Users, string Room)> StartAsync()
    {
        var app = await TestApp.StartAsync(Configure);
        var users = new Dictionary<string, (string, string)>();
        foreach (var name in new[] { "alice", "bob", "carol" })
        {
            users[name] = await UserAsync(app, name);
        }

        var usersId = (await app.AdminAsync(HttpMethod.Get, "api/collections/users"))!["id"]!.GetValue<string>();
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "rooms",
            fields = new object[] { new { name = "members", type = "relation", collectionId = usersId, maxSelect = 10 } },
        });
        var room = await app.AdminAsync(HttpMethod.Post, "api/collections/rooms/records", new { members = new[] { users["alice"].Item1, users["bob"].Item1 } });
        return (app, users, room!["id"]!.GetValue<string>());
    }

    private static JsonObject Msg(string type, params (string Key, JsonNode? Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in fields)
        {
            o[k] = v;
        }

        return o;
    }

    private static string Type(JsonObject m) => m["type"]!.GetValue<string>();

    private static void AssertOk(JsonObject reply) => Assert.True(Type(reply) == "ok", reply.ToJsonString());

    [Fact]
    public async Task Members_join_by_rule_see_presence_once_per_user_and_exchange_messages()
    {
        var (app, users, room) = await StartAsync();
        await using var _ = app;
        var channel = "room:" + room;
        await using var alice = await WsClient.ConnectAsync(app.BaseAddress, users["alice"].Token);
        await using var bob1 = await WsClient.ConnectAsync(app.BaseAddress, users["bob"].Token);
        await using var bob2 = await WsClient.ConnectAsync(app.BaseAddress);
        await using var carol = await WsClient.ConnectAsync(app.BaseAddress, users["carol"].Token);
        await using var guest = await WsClient.ConnectAsync(app.BaseAddress);
        Assert.Equal(users["alice"].Id, alice.Connected["user"]!["id"]!.GetValue<string>());

        // bob2 signs in with a message instead of the query string.
        AssertOk(await bob2.RequestAsync(Msg("auth", ("token", users["bob"].Token))));

        var joined = await alice.RequestAsync(Msg("join", ("channel", channel)));
        AssertOk(joined);
        Assert.Equal([users["alice"].Id], ((JsonArray)joined["presence"]!).Select(u => u!["id"]!.GetValue<string>()));
        AssertOk(await bob1.RequestAsync(Msg("join", ("channel", channel))));
        var bothBobs = await bob2.RequestAsync(Msg("join", ("channel", channel)));
        Assert.Equal(2, ((JsonArray)bothBobs["presence"]!).Count);

        var denied = await carol.RequestAsync(Msg("join", ("channel", channel)));
        Assert.Equal(("error", 403), (Type(denied), denied["status"]!.GetValue<int>()));
        Assert.Equal(403, (await guest.RequestAsync(Msg("join", ("channel", channel))))["status"]!.GetValue<int>());
        Assert.Equal(403, (await guest.RequestAsync(Msg("join", ("channel", "room:nosuchroom"))))["status"]!.GetValue<int>());
        Assert.Equal(403, (await guest.RequestAsync(Msg("join", ("channel", "unlisted")))!)["status"]!.GetValue<int>());
        AssertOk(await guest.RequestAsync(Msg("join", ("channel", "lobby"))));
        Assert.Equal(403, (await carol.RequestAsync(Msg("publish", ("channel", channel), ("data", "hi"))))["status"]!.GetValue<int>());

        // Alice sees bob join once although he has two connections.
        var presence = (await alice.DrainAsync()).Where(m => Type(m) == "presence").ToList();
        Assert.Equal([("join", users["alice"].Id), ("join", users["bob"].Id)], presence.Select(p => (p["event"]!.GetValue<string>(), p["user"]!["id"]!.GetValue<string>())));

        AssertOk(await bob1.RequestAsync(Msg("publish", ("channel", channel), ("data", new JsonObject { ["typing"] = true }))));
        foreach (var receiver in new[] { alice, bob2 })
        {
            var m = await receiver.NextAsync("message");
            Assert.Equal((channel, users["bob"].Id, true), (m["channel"]!.GetValue<string>(), m["from"]!["id"]!.GetValue<string>(), m["data"]!["typing"]!.GetValue<bool>()));
        }

        Assert.DoesNotContain(await bob1.DrainAsync(300), m => Type(m) == "message");
        Assert.Empty(await carol.DrainAsync(100));

        // Bob leaves only when his last connection does.
        await bob1.DisposeAsync();
        Assert.DoesNotContain(await alice.DrainAsync(), m => Type(m) == "presence");
        await bob2.DisposeAsync();
        var left = await alice.NextAsync("presence");
        Assert.Equal(("leave", users["bob"].Id), (left["event"]!.GetValue<string>(), left["user"]!["id"]!.GetValue<string>()));
        var now = await alice.RequestAsync(Msg("presence", ("channel", channel)));
        Assert.Equal([users["alice"].Id], ((JsonArray)now["presence"]!).Select(u => u!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Direct_messages_reach_every_connection_of_the_user_only()
    {
        var (app, users, _) = await StartAsync();
        await using var __ = app;
        await using var alice = await WsClient.ConnectAsync(app.BaseAddress, users["alice"].Token);
        await using var bob1 = await WsClient.ConnectAsync(app.BaseAddress, users["bob"].Token);
        await using var bob2 = await WsClient.ConnectAsync(app.BaseAddress, users["bob"].Token);
        await using var carol = await WsClient.ConnectAsync(app.BaseAddress, users["carol"].Token);
        await using var guest = await WsClient.ConnectAsync(app.BaseAddress);

        var offer = new JsonObject { ["kind"] = "rtc:offer", ["sdp"] = "v=0 o=- 1 2 IN IP4 127.0.0.1" };
        AssertOk(await alice.RequestAsync(Msg("direct", ("to", users["bob"].Id), ("data", offer))));
        foreach (var bob in new[] { bob1, bob2 })
        {
            var m = await bob.NextAsync("direct");
            Assert.Equal((users["alice"].Id, "rtc:offer"), (m["from"]!["id"]!.GetValue<string>(), m["data"]!["kind"]!.GetValue<string>()));
        }

        Assert.Empty(await carol.DrainAsync(300));
        Assert.Empty(await alice.DrainAsync(100));
        Assert.Equal(401, (await guest.RequestAsync(Msg("direct", ("to", users["bob"].Id), ("data", 1))))["status"]!.GetValue<int>());
        Assert.Equal(404, (await alice.RequestAsync(Msg("direct", ("to", "nosuchuser12345"), ("data", 1))))["status"]!.GetValue<int>());
        Assert.Equal(404, (await alice.RequestAsync(Msg("direct", ("to", users["bob"].Id), ("collection", "rooms"), ("data", 1))))["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Bad_messages_get_errors_and_the_connection_survives_until_a_message_is_too_big()
    {
        await using var app = await TestApp.StartAsync(Configure);
        await using var ws = await WsClient.ConnectAsync(app.BaseAddress);
        await ws.SendTextAsync("not json");
        var notJson = await ws.NextAsync();
        Assert.Equal(("error", 400), (Type(notJson), notJson["status"]!.GetValue<int>()));
        await ws.SendTextAsync("[1,2]");
        Assert.Equal("error", Type(await ws.NextAsync()));
        Assert.Equal(400, (await ws.RequestAsync(Msg("dance")))["status"]!.GetValue<int>());
        Assert.Equal(400, (await ws.RequestAsync(Msg("join")))["status"]!.GetValue<int>());
        Assert.Equal(400, (await ws.RequestAsync(Msg("join", ("channel", "bad name!"))))["status"]!.GetValue<int>());
        Assert.Equal(400, (await ws.RequestAsync(Msg("subscribe", ("topics", "x"))))["status"]!.GetValue<int>());
        Assert.Equal(401, (await ws.RequestAsync(Msg("auth", ("token", "garbage"))))["status"]!.GetValue<int>());
        Assert.Equal("pong", Type(await ws.RequestAsync(Msg("ping"))));

        await ws.SendTextAsync("{\"type\":\"ping\",\"pad\":\"" + new string('x', 5000) + "\"}");
        await ws.WaitClosedAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, ws.CloseStatus);
    }

    [Fact]
    public async Task A_bad_token_on_connect_is_refused_and_plain_http_is_a_400()
    {
        await using var app = await TestApp.StartAsync();
        await Assert.ThrowsAsync<WebSocketException>(() => WsClient.ConnectAsync(app.BaseAddress, "garbage"));
        using var plain = await app.Client.GetAsync("api/strata/realtime");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, plain.StatusCode);
        using var module = await app.Client.GetAsync("api/strata/realtime.js");
        Assert.Equal("text/javascript", module.Content.Headers.ContentType!.MediaType);
        Assert.Contains("export class StrataRealtime", await module.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_subscriptions_work_over_the_socket_with_the_same_rules()
    {
        await using var app = await TestApp.StartAsync();
        await CreateNotesAsync(app);
        var (ownerId, ownerToken) = await UserAsync(app, "owner");
        await using var owner = await WsClient.ConnectAsync(app.BaseAddress, ownerToken);
        await using var guest = await WsClient.ConnectAsync(app.BaseAddress);
        AssertOk(await owner.RequestAsync(Msg("subscribe", ("topics", new JsonArray("notes/*")))));
        AssertOk(await guest.RequestAsync(Msg("subscribe", ("topics", new JsonArray("notes/*")))));
        await SendAsync(app, HttpMethod.Post, "api/collections/notes/records", ownerToken, new { title = "mine", owner = ownerId });
        var e = await owner.NextAsync("event");
        Assert.Equal(("notes/*", "create", "mine"), (e["topic"]!.GetValue<string>(), e["data"]!["action"]!.GetValue<string>(), e["data"]!["record"]!["title"]!.GetValue<string>()));
        Assert.Empty(await guest.DrainAsync());
    }

    [Fact]
    public async Task Channels_presence_and_direct_messages_cross_nodes_on_postgres()
    {
        var (a, users, room) = await StartAsync();
        await using var _ = a;
        if (a.EngineName != "postgres")
        {
            // Nodes share channels and presence only through PostgreSQL: on SQLite the backplane is in-process.
            Assert.False(a.Engine.Realtime.Backplane.SpansNodes);
            return;
        }

        await using var b = await a.StartPeerAsync();
        var channel = "room:" + room;
        await using var alice = await WsClient.ConnectAsync(a.BaseAddress, users["alice"].Token);
        await using var bob = await WsClient.ConnectAsync(b.BaseAddress, users["bob"].Token);
        AssertOk(await alice.RequestAsync(Msg("join", ("channel", channel))));
        AssertOk(await bob.RequestAsync(Msg("join", ("channel", channel))));

        var joined = (await alice.DrainAsync(1000)).Where(m => Type(m) == "presence").Select(m => m["user"]!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(users["bob"].Id, joined);
        var present = await bob.RequestAsync(Msg("presence", ("channel", channel)));
        Assert.Equal(new[] { users["alice"].Id, users["bob"].Id }.Order(), ((JsonArray)present["presence"]!).Select(u => u!["id"]!.GetValue<string>()).Order());

        await bob.RequestAsync(Msg("publish", ("channel", channel), ("data", "hello from b")));
        Assert.Equal("hello from b", (await alice.NextAsync("message"))["data"]!.GetValue<string>());
        await alice.RequestAsync(Msg("direct", ("to", users["bob"].Id), ("data", "ice candidate")));
        Assert.Equal("ice candidate", (await bob.NextAsync("direct"))["data"]!.GetValue<string>());

        await bob.DisposeAsync();
        var left = await alice.NextAsync("presence");
        Assert.Equal(("leave", users["bob"].Id), (left["event"]!.GetValue<string>(), left["user"]!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_socket_that_stops_reading_is_dropped_while_the_others_get_every_message()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.Realtime.ClientBuffer = 8;
            a.Realtime.MaxMessageBytes = 256 * 1024;
            a.Realtime.Channel("lobby", "");
        });
        await using var sender = await WsClient.ConnectAsync(app.BaseAddress);
        await using var reader = await WsClient.ConnectAsync(app.BaseAddress);
        await using var stalled = await WsClient.ConnectAsync(app.BaseAddress);
        foreach (var c in new[] { sender, reader, stalled })
        {
            AssertOk(await c.RequestAsync(Msg("join", ("channel", "lobby"))));
        }

        await reader.DrainAsync(200);
        stalled.StopReading();
        var chunk = new string('z', 200_000);
        const int count = 100;
        // The reader takes each message before the next is published, so it never has more than one queued however
        // slow the machine is; the stalled socket's queue fills past its buffer of 8 and it is dropped.
        for (var i = 0; i < count; i++)
        {
            AssertOk(await sender.RequestAsync(Msg("publish", ("channel", "lobby"), ("data", chunk + i))));
            Assert.Equal(chunk + i, (await reader.NextAsync("message"))["data"]!.GetValue<string>());
        }

        for (var i = 0; i < 100 && app.Engine.Realtime.DroppedClients == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, app.Engine.Realtime.DroppedClients);
        Assert.Equal(2, app.Engine.Realtime.ClientCount);
        // The dropped connection left the channel: the others saw its presence leave.
        var stalledKey = "guest/" + stalled.Connected["clientId"]!.GetValue<string>();
        JsonObject presence;
        do
        {
            presence = await sender.NextAsync("presence");
        }
        while (presence["event"]!.GetValue<string>() != "leave");
        Assert.Equal(stalledKey, presence["user"]!["key"]!.GetValue<string>());
    }
}
