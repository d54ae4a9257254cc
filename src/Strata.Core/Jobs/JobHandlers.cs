namespace Strata.Core.Jobs;

/// <summary>The job handlers of an app, by name, and the concurrency of each queue.</summary>
public sealed class JobHandlers
{
    private readonly Dictionary<string, Func<JobContext, CancellationToken, Task>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _queues = new(StringComparer.Ordinal) { ["default"] = 2 };

    private readonly List<CronJob> _crons = [];

    /// <summary>
    /// How long a claim holds without renewal (default 30 s; renewed every third of it while the handler runs). After a
    /// crash, a running job is taken again once its lease expires, so a shorter lease recovers sooner.
    /// </summary>
    public TimeSpan Lease
    {
        get;
        set => field = value >= TimeSpan.FromSeconds(1) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A lease is at least one second.");
    } = TimeSpan.FromSeconds(30);

    /// <summary>The cron schedules.</summary>
    public IReadOnlyList<CronJob> Crons => _crons;

    /// <summary>Schedules <paramref name="handler"/> with a cron expression (UTC); it runs once per occurrence across nodes.</summary>
    /// <param name="id">A unique id.</param>
    /// <param name="expression">A 5-field cron expression, e.g. <c>*/5 * * * *</c>.</param>
    /// <param name="handler">The handler (a job named <c>cron:id</c>, retried like any job).</param>
    /// <exception cref="ArgumentException">The expression is invalid or the id is taken.</exception>
    public JobHandlers Cron(string id, string expression, Func<JobContext, CancellationToken, Task> handler)
    {
        var cron = new CronJob(id, expression, handler);
        if (_crons.Any(c => c.Id == id))
        {
            throw new ArgumentException($"A cron with id '{id}' is already registered.", nameof(id));
        }

        _crons.Add(cron);
        return Handle(cron.JobName, handler);
    }

    /// <summary>The handler names.</summary>
    public IReadOnlyCollection<string> Names => _handlers.Keys;

    /// <summary>The queues and how many jobs of each run at once.</summary>
    public IReadOnlyDictionary<string, int> Queues => _queues;

    /// <summary>Registers the handler of jobs named <paramref name="name"/>. A thrown exception is a failed attempt.</summary>
    /// <param name="name">The job name.</param>
    /// <param name="handler">The handler; its token is cancelled only when shutdown cannot wait any longer.</param>
    public JobHandlers Handle(string name, Func<JobContext, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers[name] = handler;
        return this;
    }

    /// <summary>Sets how many jobs of a queue run at once on this node (adds the queue).</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="concurrency">1 or more.</param>
    public JobHandlers Queue(string queue, int concurrency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queue);
        _queues[queue] = Math.Max(1, concurrency);
        return this;
    }

    /// <summary>The handler for a name, or null.</summary>
    /// <param name="name">The job name.</param>
    public Func<JobContext, CancellationToken, Task>? Find(string name) => _handlers.GetValueOrDefault(name);
}
