namespace Strata.Core.Jobs;

/// <summary>
/// Runs jobs on this node: for each queue, as many claim loops as its concurrency. A running job's lease is renewed
/// while its handler works; on shutdown the worker stops claiming and waits for running handlers, and whatever is left
/// keeps its lease until it expires, when any worker (here after a restart, or on another node) takes it again.
/// </summary>
public sealed class JobWorker : IAsyncDisposable
{
    private readonly StrataEngine _engine;
    private readonly JobHandlers _handlers;
    private readonly string _id = "w_" + Schema.RandomId.New();
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _abortHandlers = new();
    private readonly List<Task> _loops = [];
    private readonly SemaphoreSlim _signal = new(0, int.MaxValue);

    /// <summary>Creates a worker.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="handlers">The handlers and queues.</param>
    public JobWorker(StrataEngine engine, JobHandlers handlers)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _handlers = handlers;
    }

    /// <summary>How long a claim holds without renewal; renewed every third of it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle loop looks for due jobs (enqueues on this node wake it at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Told about handler failures and worker errors (the host logs them).</summary>
    public Action<Job?, Exception>? Error { get; init; }

    /// <summary>Starts the claim loops.</summary>
    public void Start()
    {
        _engine.Jobs.Enqueued += OnEnqueued;
        foreach (var (queue, concurrency) in _handlers.Queues)
        {
            for (var i = 0; i < concurrency; i++)
            {
                _loops.Add(Task.Run(() => LoopAsync(queue)));
            }
        }
    }

    /// <summary>Stops claiming and waits up to <paramref name="grace"/> for running jobs, then cancels them.</summary>
    /// <param name="grace">How long running handlers may take to finish.</param>
    public async Task StopAsync(TimeSpan grace)
    {
        _engine.Jobs.Enqueued -= OnEnqueued;
        await _stopClaiming.CancelAsync();
        var all = Task.WhenAll(_loops);
        if (await Task.WhenAny(all, Task.Delay(grace)) != all)
        {
            await _abortHandlers.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(5)));
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _stopClaiming.Dispose();
        _abortHandlers.Dispose();
        _signal.Dispose();
    }

    private void OnEnqueued(string queue)
    {
        if (!_stopClaiming.IsCancellationRequested)
        {
            _signal.Release();
        }
    }

    private async Task LoopAsync(string queue)
    {
        var stop = _stopClaiming.Token;
        while (!stop.IsCancellationRequested)
        {
            Job? job = null;
            try
            {
                job = await _engine.Jobs.ClaimAsync(queue, _id, Lease, stop);
                if (job is null)
                {
                    await _signal.WaitAsync(PollInterval, stop);
                    continue;
                }

                await RunAsync(job);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must survive database hiccups; the error is reported and the loop retries.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Error?.Invoke(job, e);
                await Task.Delay(PollInterval, CancellationToken.None);
            }
        }
    }

    private async Task RunAsync(Job job)
    {
        var handler = _handlers.Find(job.Name);
        if (handler is null)
        {
            await _engine.Jobs.FailAsync(job, _id, $"No handler is registered for job \"{job.Name}\".", CancellationToken.None);
            return;
        }

        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(job, heartbeatStop.Token);
        try
        {
            await handler(new JobContext(job, _engine), _abortHandlers.Token);
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await _engine.Jobs.CompleteAsync(job.Id, _id, CancellationToken.None);
        }
        catch (OperationCanceledException) when (_abortHandlers.IsCancellationRequested)
        {
            // Shutdown could not wait: leave the job running; its lease expires and it is taken again.
            await heartbeatStop.CancelAsync();
        }
#pragma warning disable CA1031 // Any handler failure is a failed attempt, retried with backoff.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await heartbeatStop.CancelAsync();
            Error?.Invoke(job, e);
            await _engine.Jobs.FailAsync(job, _id, e.Message, CancellationToken.None);
        }
    }

    private async Task HeartbeatAsync(Job job, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, stop);
                await _engine.Jobs.HeartbeatAsync(job.Id, _id, Lease, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
