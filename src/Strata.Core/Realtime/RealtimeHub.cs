using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Strata.Core.Hooks;

namespace Strata.Core.Realtime;

/// <summary>
/// The realtime engine of one node: the connected clients (SSE and WebSocket), their record subscriptions, broadcast
/// channels with presence, and direct messages. Everything a client should see goes through the backplane first,
/// so several nodes on one PostgreSQL database deliver each other's events; messages are then handled in order by
/// one dispatch loop, which only ever queues frames into each client's bounded outbox.
/// </summary>
public sealed partial class RealtimeHub : IAsyncDisposable
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private readonly StrataEngine _engine;
    private readonly ConcurrentDictionary<string, RealtimeClient> _clients = new(StringComparer.Ordinal);
    private readonly Channel<RealtimeMessage> _inbox = Channel.CreateUnbounded<RealtimeMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _dropped;

    internal RealtimeHub(StrataEngine engine, IRealtimeBackplane backplane, RealtimeOptions options)
    {
        _engine = engine;
        Backplane = backplane;
        Options = options;
    }

    /// <summary>This node's id on the backplane.</summary>
    public string NodeId { get; } = RandomNumberGenerator.GetString(Alphanumeric, 12);

    /// <summary>The backplane.</summary>
    public IRealtimeBackplane Backplane { get; }

    /// <summary>The limits and channel rules.</summary>
    public RealtimeOptions Options { get; }

    /// <summary>The clients connected to this node.</summary>
    public int ClientCount => _clients.Count;

    /// <summary>How many clients were disconnected for being too slow since start.</summary>
    public long DroppedClients => Interlocked.Read(ref _dropped);

    /// <summary>Told about failures while dispatching (the host logs them); dispatching goes on.</summary>
    public Action<Exception>? Error { get; set; }

    /// <summary>Connects a new client with a fresh 40-character id.</summary>
    /// <param name="kind">The transport.</param>
    /// <param name="remoteIp">The remote address.</param>
    public RealtimeClient Connect(RealtimeClientKind kind, string remoteIp)
    {
        var client = new RealtimeClient(RandomNumberGenerator.GetString(Alphanumeric, 40), kind, remoteIp, Options.ClientBuffer);
        _clients[client.Id] = client;
        return client;
    }

    /// <summary>Finds a connected client, or null.</summary>
    /// <param name="id">The client id.</param>
    public RealtimeClient? Find(string id) => _clients.GetValueOrDefault(id);

    /// <summary>Disconnects a client: it leaves its channels (presence leave events) and gets no more messages.</summary>
    /// <param name="client">The client.</param>
    public async Task DisconnectAsync(RealtimeClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!_clients.TryRemove(client.Id, out _))
        {
            return;
        }

        client.Close();
        if (client.Dropped)
        {
            Interlocked.Increment(ref _dropped);
        }

        foreach (var channel in client.Channels())
        {
            await LeaveAsync(client, channel, CancellationToken.None);
        }
    }

    /// <summary>
    /// Sends a custom-topic message (contract §6.4) to every client, on every node, subscribed to
    /// <paramref name="topic"/>; the SDK hands <paramref name="data"/> to the callback unchanged. No rule applies.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="data">The payload.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public Task PublishTopicAsync(string topic, JsonNode? data, CancellationToken cancellationToken = default) =>
        PublishAsync(RealtimeMessageTypes.Topic, new JsonObject { ["topic"] = topic, ["data"] = data?.DeepClone() }, cancellationToken);

    /// <summary>Starts the backplane and the dispatch loop.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        await Backplane.StartAsync(m => _inbox.Writer.TryWrite(m), cancellationToken);
        _loop = Task.Run(DispatchLoopAsync, CancellationToken.None);
        if (Backplane.SpansNodes)
        {
            await PublishAsync(RealtimeMessageTypes.PresenceSync, [], cancellationToken);
        }
    }

    /// <summary>The committed-change listener: publishes the change to every node.</summary>
    internal Task OnCommittedAsync(RecordChange change, CancellationToken cancellationToken)
    {
        if (!Backplane.SpansNodes && _clients.IsEmpty)
        {
            // Nobody listens on a single node: writes pay nothing for realtime.
            return Task.CompletedTask;
        }

        var data = new JsonObject
        {
            ["action"] = change.Action.ToString().ToLowerInvariant(),
            ["collection"] = change.Record.Collection.Id,
        };
        if (Backplane.SpansNodes)
        {
            data["record"] = RecordCodec.Encode(change.Record);
            if (change.Previous is { } previous && change.Record.Collection.Type == Schema.CollectionType.Auth)
            {
                data["previousTokenKey"] = previous.GetString("tokenKey");
            }

            return PublishAsync(RealtimeMessageTypes.Record, data, cancellationToken);
        }

        return Backplane.PublishAsync(new RealtimeMessage(RealtimeMessageTypes.Record, data) { Node = NodeId, LocalRecord = change.Record, LocalPrevious = change.Previous }, cancellationToken);
    }

    private Task PublishAsync(string type, JsonObject data, CancellationToken cancellationToken) =>
        Backplane.PublishAsync(new RealtimeMessage(type, data) { Node = NodeId }, cancellationToken);

    private async Task DispatchLoopAsync()
    {
        try
        {
            await foreach (var message in _inbox.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    await DispatchAsync(message, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // One bad message must not stop realtime for everyone.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Error?.Invoke(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private Task DispatchAsync(RealtimeMessage m, CancellationToken cancellationToken)
    {
        switch (m.Type)
        {
            case RealtimeMessageTypes.Record:
                return DispatchRecordAsync(m, cancellationToken);
            case RealtimeMessageTypes.Topic:
                DispatchTopic(m);
                break;
            case RealtimeMessageTypes.Channel:
                DispatchChannel(m);
                break;
            case RealtimeMessageTypes.Direct:
                DispatchDirect(m);
                break;
            case RealtimeMessageTypes.PresenceJoin:
            case RealtimeMessageTypes.PresenceLeave:
                ApplyPresence(m);
                break;
            case RealtimeMessageTypes.OAuth2:
                return DispatchOAuth2Async(m, cancellationToken);
            case RealtimeMessageTypes.OAuth2Delivered:
                DispatchOAuth2Delivered(m);
                break;
            case RealtimeMessageTypes.PresenceSync when m.Node != NodeId:
                return AnnouncePresenceAsync(cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>Queues a frame; a client whose outbox is full is dropped (its transport then disconnects it).</summary>
    private static void Send(RealtimeClient client, string frame) => client.Send(frame);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Close();
        }

        await _stop.CancelAsync();
        await _loop;
        await Backplane.DisposeAsync();
        _stop.Dispose();
    }
}
