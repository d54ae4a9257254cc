using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Strata.Api.Tests.Realtime;

/// <summary>A client of the WebSocket realtime endpoint: requests with a ref and their replies, and pushed messages.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonObject> _pushed = Channel.CreateUnbounded<JsonObject>();
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _pending = [];
    private Task _reader = Task.CompletedTask;
    private int _ref;
    private volatile bool _stopReading;

    public JsonObject Connected { get; private set; } = [];

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<WsClient> ConnectAsync(Uri baseAddress, string? token = null)
    {
        var client = new WsClient();
        var url = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/api/strata/realtime", Query = token is null ? "" : "token=" + Uri.EscapeDataString(token) };
        await client._socket.ConnectAsync(url.Uri, CancellationToken.None);
        client._reader = Task.Run(client.ReadAsync);
        client.Connected = await client.NextAsync();
        Assert.Equal("connected", client.Connected["type"]!.GetValue<string>());
        return client;
    }

    /// <summary>Sends a message with a ref and returns the reply (ok or error).</summary>
    public async Task<JsonObject> RequestAsync(JsonObject message)
    {
        var reference = "r" + Interlocked.Increment(ref _ref);
        message["ref"] = reference;
        var tcs = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[reference] = tcs;
        }

        await SendTextAsync(message.ToJsonString());
        return await tcs.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public Task SendTextAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public async Task<JsonObject> NextAsync(int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        return await _pushed.Reader.ReadAsync(cts.Token);
    }

    /// <summary>The next pushed message of a type, skipping others.</summary>
    public async Task<JsonObject> NextAsync(string type, int timeoutMs = 10000)
    {
        while (true)
        {
            var m = await NextAsync(timeoutMs);
            if (m["type"]!.GetValue<string>() == type)
            {
                return m;
            }
        }
    }

    public async Task<List<JsonObject>> DrainAsync(int waitMs = 600)
    {
        await Task.Delay(waitMs);
        var list = new List<JsonObject>();
        while (_pushed.Reader.TryRead(out var m))
        {
            list.Add(m);
        }

        return list;
    }

    /// <summary>Stops reading from the socket (a client that hangs), so the server's sends back up.</summary>
    public void StopReading() => _stopReading = true;

    /// <summary>Waits until the server closes the connection.</summary>
    public async Task WaitClosedAsync() => await _reader.WaitAsync(TimeSpan.FromSeconds(10));

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                if (_stopReading)
                {
                    return;
                }

                var length = 0;
                ValueWebSocketReceiveResult r;
                do
                {
                    r = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += r.Count;
                }
                while (!r.EndOfMessage);

                if (r.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var m = (JsonObject)JsonNode.Parse(buffer.AsSpan(0, length))!;
                TaskCompletionSource<JsonObject>? waiter = null;
                if (m["ref"]?.GetValue<string>() is { } reference)
                {
                    lock (_pending)
                    {
                        _pending.Remove(reference, out waiter);
                    }
                }

                if (waiter is not null)
                {
                    waiter.SetResult(m);
                }
                else
                {
                    _pushed.Writer.TryWrite(m);
                }
            }
        }
        catch (WebSocketException)
        {
            // Closed by the server.
        }
        finally
        {
            _pushed.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // Already going away.
            }
        }

        _socket.Dispose();
        await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
