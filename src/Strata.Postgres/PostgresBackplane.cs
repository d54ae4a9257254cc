using System.Text;
using System.Threading.Channels;
using Npgsql;
using Strata.Core.Realtime;

namespace Strata.Postgres;

/// <summary>
/// The realtime backplane across nodes on one PostgreSQL database: each node LISTENs on one dedicated connection
/// and publishes with <c>pg_notify</c>. A message travels whole in the notification (records as their stored
/// values, so a deleted record still reaches every node). Notifications carry at most 8000 bytes; a larger message
/// is written to the <c>_strata_realtime</c> table and only its row id is notified (rows are removed after five
/// minutes). While the listening connection is down (it reconnects with backoff) messages for this node are lost;
/// SSE clients are then disconnected so the SDK reconnects and resubscribes.
/// </summary>
public sealed class PostgresBackplane : IRealtimeBackplane
{
    /// <summary>The notification channel.</summary>
    public const string ChannelName = "strata_realtime";

    private const int MaxInlineBytes = 7900;
    private const string SpillPrefix = "@";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<string> _outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stop = new();
    private Action<RealtimeMessage>? _receive;
    private Task _listen = Task.CompletedTask;
    private Task _deliver = Task.CompletedTask;
    private Task _send = Task.CompletedTask;
    private long _spills;

    /// <summary>Creates the backplane.</summary>
    /// <param name="dataSource">The database's data source.</param>
    public PostgresBackplane(NpgsqlDataSource dataSource) => _dataSource = dataSource;

    /// <inheritdoc />
    public bool SpansNodes => true;

    /// <summary>Told about connection failures (the listener retries).</summary>
    public Action<Exception>? Error { get; set; }

    /// <inheritdoc />
    public async Task StartAsync(Action<RealtimeMessage> receive, CancellationToken cancellationToken = default)
    {
        _receive = receive;
        await using (var conn = await _dataSource.OpenConnectionAsync(cancellationToken))
        await using (var cmd = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS _strata_realtime (id bigserial PRIMARY KEY, payload text NOT NULL, created timestamptz NOT NULL DEFAULT now())", conn))
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _listen = Task.Run(() => ListenLoopAsync(ready), CancellationToken.None);
        _deliver = Task.Run(DeliverLoopAsync, CancellationToken.None);
        _send = Task.Run(SendLoopAsync, CancellationToken.None);
        // Listening before start-up completes means no message published after it is missed by this node.
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Queues the message for one sender loop, so a record write does not wait for the NOTIFY round trip and
    /// messages leave in publication order; the queue is bounded (10,000), a full queue makes publishers wait.
    /// </remarks>
    public async Task PublishAsync(RealtimeMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        await _outgoing.Writer.WriteAsync(message.ToJson(), cancellationToken);
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_stop.Token))
            {
                try
                {
                    await using var conn = await _dataSource.OpenConnectionAsync(_stop.Token);
                    while (_outgoing.Reader.TryRead(out var payload))
                    {
                        await SendAsync(conn, payload);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException)
                {
                    // The message is lost for the other nodes; the loop goes on with the next ones.
                    Error?.Invoke(e);
                    await Task.Delay(200, _stop.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task SendAsync(NpgsqlConnection conn, string payload)
    {
        if (Encoding.UTF8.GetByteCount(payload) > MaxInlineBytes)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO _strata_realtime (payload) VALUES ($1) RETURNING id", conn);
            insert.Parameters.Add(new NpgsqlParameter { Value = payload });
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(_stop.Token), System.Globalization.CultureInfo.InvariantCulture);
            payload = SpillPrefix + id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Interlocked.Increment(ref _spills) % 100 == 1)
            {
                await using var clean = new NpgsqlCommand("DELETE FROM _strata_realtime WHERE created < now() - interval '5 minutes'", conn);
                await clean.ExecuteNonQueryAsync(_stop.Token);
            }
        }

        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", conn);
        notify.Parameters.Add(new NpgsqlParameter { Value = ChannelName });
        notify.Parameters.Add(new NpgsqlParameter { Value = payload });
        await notify.ExecuteNonQueryAsync(_stop.Token);
    }

    private async Task ListenLoopAsync(TaskCompletionSource ready)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _dataSource.OpenConnectionAsync(_stop.Token);
                conn.Notification += (_, e) => _received.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + ChannelName, conn))
                {
                    await listen.ExecuteNonQueryAsync(_stop.Token);
                }

                ready.TrySetResult();
                delay = TimeSpan.FromMilliseconds(200);
                while (!_stop.IsCancellationRequested)
                {
                    await conn.WaitAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or TimeoutException or InvalidOperationException)
            {
                Error?.Invoke(e);
                try
                {
                    await Task.Delay(delay, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private async Task DeliverLoopAsync()
    {
        try
        {
            await foreach (var payload in _received.Reader.ReadAllAsync(_stop.Token))
            {
                var json = payload.StartsWith(SpillPrefix, StringComparison.Ordinal) ? await LoadSpillAsync(payload[1..]) : payload;
                if (json is not null && RealtimeMessage.Parse(json) is { } message)
                {
                    _receive?.Invoke(message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task<string?> LoadSpillAsync(string id)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rowId))
        {
            return null;
        }

        try
        {
            await using var conn = await _dataSource.OpenConnectionAsync(_stop.Token);
            await using var cmd = new NpgsqlCommand("SELECT payload FROM _strata_realtime WHERE id = $1", conn);
            cmd.Parameters.Add(new NpgsqlParameter { Value = rowId });
            return await cmd.ExecuteScalarAsync(_stop.Token) as string;
        }
        catch (NpgsqlException e)
        {
            Error?.Invoke(e);
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Let queued messages leave first (briefly), then stop.
        _outgoing.Writer.TryComplete();
        await Task.WhenAny(_send, Task.Delay(TimeSpan.FromSeconds(2)));
        _receive = null;
        await _stop.CancelAsync();
        _received.Writer.TryComplete();
        await Task.WhenAll(_listen, _deliver, _send);
        _stop.Dispose();
    }
}
