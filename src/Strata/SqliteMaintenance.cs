using Microsoft.Extensions.Logging;
using Strata.Core.Sqlite;

namespace Strata;

/// <summary>
/// Runs <see cref="SqliteDatabase.MaintainAsync"/> (<c>PRAGMA optimize</c> and a passive WAL checkpoint) on a timer,
/// so query plans follow the data and the WAL file does not grow without bound under constant reads.
/// </summary>
internal sealed partial class SqliteMaintenance : IAsyncDisposable
{
    private readonly SqliteDatabase _db;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public SqliteMaintenance(SqliteDatabase db, ILogger logger, TimeSpan interval)
    {
        _db = db;
        _logger = logger;
        _interval = interval;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop;
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _db.MaintainAsync(_stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(_logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite maintenance (PRAGMA optimize, WAL checkpoint) failed; it is tried again later")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
