using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Jobs;

/// <summary>
/// Starts cron occurrences. Every node runs a scheduler; for each due occurrence the node that inserts its
/// <c>(id, occurrence)</c> row first enqueues the job, so an occurrence runs once across nodes, with the job queue's
/// retries. Manual runs (<c>POST /api/crons/{id}</c>) enqueue at once.
/// </summary>
public sealed class CronScheduler : IAsyncDisposable
{
    private readonly StrataEngine _engine;
    private readonly IReadOnlyList<CronJob> _crons;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, DateTime> _next = new(StringComparer.Ordinal);
    private Task? _loop;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="crons">The schedules.</param>
    public CronScheduler(StrataEngine engine, IReadOnlyList<CronJob> crons)
    {
        _engine = engine;
        _crons = crons;
    }

    /// <summary>The schedules, sorted by id.</summary>
    public IReadOnlyList<CronJob> Crons => [.. _crons.OrderBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>How often due occurrences are checked.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Told about scheduler errors (the host logs them).</summary>
    public Action<Exception>? Error { get; init; }

    /// <summary>Starts the loop.</summary>
    public void Start()
    {
        var now = _engine.Clock.GetUtcNow().UtcDateTime;
        foreach (var c in _crons)
        {
            _next[c.Id] = c.Schedule.GetNextOccurrence(now);
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Checks once for due occurrences and starts them (the loop calls this every tick; tests call it directly).</summary>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>The ids started by this node.</returns>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = _engine.Clock.GetUtcNow().UtcDateTime;
        var started = new List<string>();
        foreach (var c in _crons)
        {
            if (!_next.TryGetValue(c.Id, out var due))
            {
                due = c.Schedule.GetNextOccurrence(now.AddMinutes(-1));
            }

            if (due > now)
            {
                _next[c.Id] = due;
                continue;
            }

            _next[c.Id] = c.Schedule.GetNextOccurrence(now);
            if (await ClaimAsync(c.Id, DateTimeText.Format(new DateTimeOffset(due, TimeSpan.Zero)), cancellationToken))
            {
                await EnqueueAsync(c, due.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
                started.Add(c.Id);
            }
        }

        return started;
    }

    /// <summary>Runs a schedule now, outside its timetable.</summary>
    /// <param name="id">The cron id.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>False when there is no such cron.</returns>
    public async Task<bool> RunNowAsync(string id, CancellationToken cancellationToken = default)
    {
        var c = _crons.FirstOrDefault(x => x.Id == id);
        if (c is null)
        {
            return false;
        }

        await EnqueueAsync(c, "manual", cancellationToken);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await RunDueAsync(_stop.Token);
                await Task.Delay(Tick, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The scheduler must outlive a database hiccup; the error is reported.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Error?.Invoke(e);
                await Task.Delay(Tick, CancellationToken.None);
            }
        }
    }

    private async Task<bool> ClaimAsync(string id, string occurrence, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var sql = $"INSERT INTO {SystemTables.CronRuns} (id, occurrence, created) VALUES ({p.Add(id)}, {p.Add(occurrence)}, {p.Add(DateTimeText.Format(_engine.Clock.GetUtcNow()))}) ON CONFLICT (id, occurrence) DO NOTHING";
        return await _engine.Database.WriteAsync(tx => SqlText.ExecuteAsync(tx, sql, p, cancellationToken), cancellationToken) == 1;
    }

    private Task EnqueueAsync(CronJob c, string occurrence, CancellationToken cancellationToken) =>
        _engine.Jobs.EnqueueAsync(c.JobName, new JsonObject { ["cron"] = c.Id, ["occurrence"] = occurrence }, new JobOptions { MaxAttempts = 3 }, cancellationToken);
}
