using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Realtime;

namespace Strata.Api.Realtime;

/// <summary>
/// One WebSocket connection: a receive loop that turns each JSON message into a hub call (a bad message gets an
/// <c>error</c> reply, never a crash) and a send loop that writes the client's bounded outbox. Replies go through the
/// same outbox, so they stay in order with events; a client whose outbox fills up is closed (1008).
/// </summary>
internal sealed class RealtimeSocketSession
{
    private readonly RealtimeHub _hub;
    private readonly AuthService _auth;
    private readonly WebSocket _socket;
    private readonly RealtimeClient _client;

    public RealtimeSocketSession(RealtimeHub hub, AuthService auth, WebSocket socket, string remoteIp, Record? user)
    {
        _hub = hub;
        _auth = auth;
        _socket = socket;
        _client = hub.Connect(RealtimeClientKind.WebSocket, remoteIp);
        _client.Auth = user;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _client.DroppedToken);
        _client.Send(new JsonObject { ["type"] = "connected", ["clientId"] = _client.Id, ["user"] = UserJson(_client.Auth) }.ToJsonString());
        var sending = SendLoopAsync(stop.Token);
        try
        {
            await ReceiveLoopAsync(stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away.
        }
        finally
        {
            await _hub.DisconnectAsync(_client);
            await sending;
            await stop.CancelAsync();
        }
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in _client.Outbox.ReadAllAsync(cancellationToken))
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The peer went away or was dropped; the receive loop ends too.
        }

        if (_client.Dropped)
        {
            await CloseTooSlowAsync();
        }
    }

    /// <summary>Tells a dropped client why (1008), without waiting long for a peer that does not read.</summary>
    private async Task CloseTooSlowAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "Too slow: the message buffer is full.", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The socket is aborted below either way.
        }

        _socket.Abort();
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var max = _hub.Options.MaxMessageBytes;
        var buffer = new byte[max + 1];
        while (_socket.State == WebSocketState.Open)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length > max)
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {max} bytes.", cancellationToken);
                    return;
                }

                result = await _socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                }

                return;
            }

            if (length > max)
            {
                await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {max} bytes.", cancellationToken);
                return;
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                Reply(Error(null, 400, "Send JSON text messages."));
                continue;
            }

            Reply(await HandleAsync(buffer.AsMemory(0, length), cancellationToken));
        }
    }

    private async Task<JsonObject> HandleAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        JsonObject message;
        try
        {
            message = JsonNode.Parse(bytes.Span, documentOptions: new JsonDocumentOptions { MaxDepth = 32 }) as JsonObject
                ?? throw new JsonException("Not an object.");
        }
        catch (JsonException)
        {
            return Error(null, 400, "Messages must be JSON objects with a \"type\".");
        }

        var reference = message["ref"]?.DeepClone();
        try
        {
            return await DispatchAsync(message, Text(message, "type"), cancellationToken) is { } reply ? WithRef(reply, reference) : Ok(reference);
        }
        catch (StrataException e)
        {
            return Error(reference, e.Status, e.Message);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return Error(reference, 400, "Invalid message.");
        }
    }

    private async Task<JsonObject?> DispatchAsync(JsonObject m, string type, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case "ping":
                return new JsonObject { ["type"] = "pong" };
            case "auth":
                await AuthenticateAsync(Text(m, "token"), cancellationToken);
                return new JsonObject { ["type"] = "ok", ["user"] = UserJson(_client.Auth) };
            case "subscribe":
                _client.SetSubscriptions(Topics(m));
                return null;
            case "join":
                var channel = Text(m, "channel");
                var present = await _hub.JoinAsync(_client, channel, cancellationToken);
                return new JsonObject { ["type"] = "ok", ["channel"] = channel, ["presence"] = present };
            case "leave":
                await _hub.LeaveAsync(_client, Text(m, "channel"), cancellationToken);
                return null;
            case "presence":
                var name = Text(m, "channel");
                if (!_client.Channels().Contains(name))
                {
                    throw StrataException.Forbidden("Join the channel first.");
                }

                return new JsonObject { ["type"] = "ok", ["channel"] = name, ["presence"] = _hub.Present(name) };
            case "publish":
                await _hub.BroadcastAsync(_client, Text(m, "channel"), m["data"], cancellationToken);
                return null;
            case "direct":
                await _hub.DirectAsync(_client, Text(m, "to"), m["collection"] is null ? null : Text(m, "collection"), m["data"], cancellationToken);
                return null;
            default:
                throw StrataException.BadRequest("Unknown message type: use auth, subscribe, join, leave, presence, publish, direct or ping.");
        }
    }

    private async Task AuthenticateAsync(string token, CancellationToken cancellationToken)
    {
        var user = (await _auth.AuthenticateAsync(token, cancellationToken))?.Record
            ?? throw StrataException.Unauthorized("The token is invalid or has expired.");
        if (_client.Auth is { } bound && (bound.Id != user.Id || bound.Collection.Id != user.Collection.Id) && _client.Channels().Length > 0)
        {
            throw StrataException.Forbidden("Leave your channels before signing in as someone else.");
        }

        _client.Auth = user;
    }

    private static List<string> Topics(JsonObject m)
    {
        if (m["topics"] is not JsonArray list || list.Count > 1000)
        {
            throw StrataException.BadRequest("\"topics\" must be a list of at most 1000 subscription strings.");
        }

        var topics = new List<string>(list.Count);
        foreach (var item in list)
        {
            if (item is not JsonValue v || !v.TryGetValue<string>(out var s) || s.Length is 0 or > 2500)
            {
                throw StrataException.BadRequest("Each topic must be a text of 1 to 2500 characters.");
            }

            topics.Add(s);
        }

        return topics;
    }

    private static string Text(JsonObject m, string name) =>
        m[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw StrataException.BadRequest($"\"{name}\" must be a string.");

    private void Reply(JsonObject reply) => _client.Send(reply.ToJsonString());

    private static JsonObject Ok(JsonNode? reference) => WithRef(new JsonObject { ["type"] = "ok" }, reference);

    private static JsonObject Error(JsonNode? reference, int status, string message) =>
        WithRef(new JsonObject { ["type"] = "error", ["status"] = status, ["message"] = message }, reference);

    private static JsonObject WithRef(JsonObject reply, JsonNode? reference)
    {
        if (reference is not null)
        {
            reply["ref"] = reference;
        }

        return reply;
    }

    private static JsonNode? UserJson(Record? auth) => auth is null
        ? null
        : new JsonObject { ["id"] = auth.Id, ["collectionName"] = auth.Collection.Name };
}
