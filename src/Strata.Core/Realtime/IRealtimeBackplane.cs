namespace Strata.Core.Realtime;

/// <summary>
/// Carries realtime messages (committed record changes, channel messages, presence, direct messages) to every node
/// that serves clients, the publishing node included. In-process by default; PostgreSQL LISTEN/NOTIFY when the
/// database is PostgreSQL (Strata.Postgres), so several nodes on one database deliver each other's events.
/// </summary>
public interface IRealtimeBackplane : IAsyncDisposable
{
    /// <summary>True when messages leave the process (they are then serialized; records travel as JSON).</summary>
    bool SpansNodes { get; }

    /// <summary>Starts receiving; <paramref name="receive"/> is called once per message, in publication order per node.</summary>
    /// <param name="receive">The receiver (the hub); it must not block.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    Task StartAsync(Action<RealtimeMessage> receive, CancellationToken cancellationToken = default);

    /// <summary>Sends a message to every node, this one included.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    Task PublishAsync(RealtimeMessage message, CancellationToken cancellationToken = default);
}
