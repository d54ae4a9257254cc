namespace Strata.Core.Realtime;

/// <summary>The single-node backplane: a published message goes straight to this process's hub.</summary>
public sealed class InProcessBackplane : IRealtimeBackplane
{
    private Action<RealtimeMessage>? _receive;

    /// <inheritdoc />
    public bool SpansNodes => false;

    /// <inheritdoc />
    public Task StartAsync(Action<RealtimeMessage> receive, CancellationToken cancellationToken = default)
    {
        _receive = receive;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PublishAsync(RealtimeMessage message, CancellationToken cancellationToken = default)
    {
        _receive?.Invoke(message);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _receive = null;
        return ValueTask.CompletedTask;
    }
}
