using NCrontab;

namespace Strata.Core.Jobs;

/// <summary>A scheduled handler: a cron expression (5 fields, UTC) and the job it starts.</summary>
public sealed class CronJob
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="id">A unique id (shown by <c>GET /api/crons</c>).</param>
    /// <param name="expression">The cron expression, e.g. <c>0 */6 * * *</c>.</param>
    /// <param name="handler">What to run; it runs as a job named <c>cron:id</c> with the queue's retries.</param>
    /// <exception cref="ArgumentException">The expression is not a valid 5-field cron expression.</exception>
    public CronJob(string id, string expression, Func<JobContext, CancellationToken, Task> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(handler);
        Schedule = CrontabSchedule.TryParse(expression) ?? throw new ArgumentException($"Invalid cron expression '{expression}'.", nameof(expression));
        Id = id;
        Expression = expression;
        Handler = handler;
    }

    /// <summary>The id.</summary>
    public string Id { get; }

    /// <summary>The expression.</summary>
    public string Expression { get; }

    /// <summary>The handler.</summary>
    public Func<JobContext, CancellationToken, Task> Handler { get; }

    /// <summary>The name of the jobs this schedule starts.</summary>
    public string JobName => "cron:" + Id;

    /// <summary>The parsed schedule.</summary>
    public CrontabSchedule Schedule { get; }
}
