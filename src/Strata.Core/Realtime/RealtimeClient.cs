using System.Text.Json.Nodes;
using System.Threading.Channels;
using Strata.Core.Records;

namespace Strata.Core.Realtime;

/// <summary>
/// One connected realtime client: its id, bound auth record, subscriptions, joined channels and a bounded outbox of
/// frames ready to write. When the outbox is full the client is too slow: it is marked dropped and its outbox is
/// completed, so the connection ends (the SDK reconnects) instead of memory growing or others waiting.
/// </summary>
public sealed class RealtimeClient
{
    private readonly Channel<string> _outbox;
    private readonly Dictionary<string, JsonObject> _channels = new(StringComparer.Ordinal);
    private volatile RealtimeSubscription[] _subscriptions = [];
    private volatile Record? _auth;
    private readonly CancellationTokenSource _droppedSignal = new();
    private int _dropped;

    /// <summary>Creates a client.</summary>
    /// <param name="id">The client id.</param>
    /// <param name="kind">The transport.</param>
    /// <param name="remoteIp">The remote address, or "".</param>
    /// <param name="capacity">The outbox capacity.</param>
    public RealtimeClient(string id, RealtimeClientKind kind, string remoteIp, int capacity)
    {
        Id = id;
        Kind = kind;
        RemoteIp = remoteIp;
        _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The client id (40 alphanumeric characters).</summary>
    public string Id { get; }

    /// <summary>The transport.</summary>
    public RealtimeClientKind Kind { get; }

    /// <summary>The remote address the connection came from.</summary>
    public string RemoteIp { get; }

    /// <summary>The frames to write, in order.</summary>
    public ChannelReader<string> Outbox => _outbox.Reader;

    /// <summary>True once the client was disconnected for being too slow.</summary>
    public bool Dropped => Volatile.Read(ref _dropped) == 1;

    /// <summary>
    /// Cancelled when the client is dropped, so a transport blocked writing to a peer that stopped reading gives up
    /// at once instead of waiting for the socket.
    /// </summary>
    public CancellationToken DroppedToken => _droppedSignal.Token;

    /// <summary>The auth record rules see for this client, or null for a guest.</summary>
    public Record? Auth
    {
        get => _auth;
        set => _auth = value;
    }

    /// <summary>The record subscriptions (replaced as a whole).</summary>
    public IReadOnlyList<RealtimeSubscription> Subscriptions => _subscriptions;

    /// <summary>The presence key of the client's user: <c>collectionId/recordId</c>, or <c>guest/clientId</c>.</summary>
    public string UserKey => _auth is { } a ? a.Collection.Id + "/" + a.Id : "guest/" + Id;

    /// <summary>Replaces the subscriptions.</summary>
    /// <param name="keys">The subscription keys.</param>
    public void SetSubscriptions(IEnumerable<string> keys) =>
        _subscriptions = [.. keys.Distinct(StringComparer.Ordinal).Select(RealtimeSubscription.Parse)];

    /// <summary>Removes the subscriptions to one topic (options ignored) atomically and returns them.</summary>
    /// <param name="path">The topic.</param>
    internal RealtimeSubscription[] TakeSubscriptions(string path)
    {
        while (true)
        {
            var current = _subscriptions;
            var taken = Array.FindAll(current, s => s.Matches(path));
            if (taken.Length == 0 || Interlocked.CompareExchange(ref _subscriptions, Array.FindAll(current, s => !s.Matches(path)), current) == current)
            {
                return taken;
            }
        }
    }

    /// <summary>Queues a frame; false (and the client is dropped) when the outbox is full.</summary>
    /// <param name="frame">The frame.</param>
    public bool Send(string frame)
    {
        if (_outbox.Writer.TryWrite(frame))
        {
            return true;
        }

        if (Interlocked.Exchange(ref _dropped, 1) == 0)
        {
            _outbox.Writer.TryComplete();
            // The transport's write may block for a long time; cancel it off the dispatch loop.
            ThreadPool.UnsafeQueueUserWorkItem(static cts => cts.Cancel(), _droppedSignal, preferLocal: false);
        }

        return false;
    }

    /// <summary>Ends the outbox (the connection closes after writing what is queued).</summary>
    public void Close() => _outbox.Writer.TryComplete();

    /// <summary>The channels this client joined.</summary>
    public string[] Channels()
    {
        lock (_channels)
        {
            return [.. _channels.Keys];
        }
    }

    /// <summary>
    /// Records a joined channel with the presence entry announced for it (kept, so the leave matches the join even if
    /// the auth binding changed since); false when already joined or when <paramref name="max"/> is reached.
    /// </summary>
    internal bool AddChannel(string channel, int max, JsonObject presence)
    {
        lock (_channels)
        {
            return _channels.Count < max && _channels.TryAdd(channel, presence);
        }
    }

    /// <summary>Forgets a channel and returns its presence entry; null when it was not joined.</summary>
    internal JsonObject? RemoveChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.Remove(channel, out var presence) ? presence : null;
        }
    }

    /// <summary>The joined channels with their presence entries.</summary>
    internal (string Channel, JsonObject Presence)[] ChannelEntries()
    {
        lock (_channels)
        {
            return [.. _channels.Select(c => (c.Key, c.Value))];
        }
    }

    /// <summary>True when the client is in the channel.</summary>
    internal bool InChannel(string channel)
    {
        lock (_channels)
        {
            return _channels.ContainsKey(channel);
        }
    }
}
