using System.Data.Common;
using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Jobs;

/// <summary>
/// The durable job queue in the database: enqueue (now, later, or once per dedupe key), claim with a lease (a
/// worker that dies loses the lease and another takes the job), complete, fail with exponential backoff into a
/// dead-letter state. On PostgreSQL claims use <c>FOR UPDATE SKIP LOCKED</c>, so many workers on many nodes never
/// take the same job; on SQLite the single writer gives the same guarantee.
/// </summary>
public sealed class JobQueue
{
    private const string Columns = "id, queue, name, payload, status, attempts, max_attempts, run_at, last_error, dedupe_key, created, updated";
    private readonly IDatabase _db;
    private readonly TimeProvider _clock;

    /// <summary>Creates the queue.</summary>
    /// <param name="db">The database.</param>
    /// <param name="clock">The clock (tests move it to make retries due).</param>
    public JobQueue(IDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>Raised after a job is enqueued in this process, so local workers can look at once.</summary>
    public event Action<string>? Enqueued;

    /// <summary>Enqueues a job. With a dedupe key, a pending or running job with the same key is returned instead.</summary>
    /// <param name="name">The handler name.</param>
    /// <param name="payload">The JSON payload, or null.</param>
    /// <param name="options">Queue, delay, attempts and dedupe key.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>The id of the new (or the deduplicated existing) job.</returns>
    public async Task<string> EnqueueAsync(string name, JsonNode? payload = null, JobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options ??= new JobOptions();
        var now = _clock.GetUtcNow();
        var id = RandomId.New();
        var p = new SqlParameters();
        var sql = $"INSERT INTO {SystemTables.Jobs} (id, queue, name, payload, status, attempts, max_attempts, run_at, dedupe_key, created, updated) " +
            $"VALUES ({p.Add(id)}, {p.Add(options.Queue)}, {p.Add(name)}, {p.Add(payload?.ToJsonString() ?? "null")}, '{JobStatus.Pending}', 0, " +
            $"{p.Add((long)Math.Max(1, options.MaxAttempts))}, {p.Add(DateTimeText.Format(now + options.Delay))}, {p.Add(options.DedupeKey)}, " +
            $"{p.Add(DateTimeText.Format(now))}, {p.Add(DateTimeText.Format(now))}) " +
            "ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL AND status IN ('pending', 'running') DO NOTHING";
        var result = await _db.WriteAsync(async tx =>
        {
            if (await SqlText.ExecuteAsync(tx, sql, p, cancellationToken) == 1)
            {
                return id;
            }

            var q = new SqlParameters();
            await using var cmd = SqlText.Command(tx.Connection!,
                $"SELECT id FROM {SystemTables.Jobs} WHERE dedupe_key = {q.Add(options.DedupeKey)} AND status IN ('pending', 'running')", q, tx);
            return (string)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
        Enqueued?.Invoke(options.Queue);
        return result;
    }

    /// <summary>Claims the next due job of a queue (or one whose lease expired), or returns null.</summary>
    /// <param name="queue">The queue.</param>
    /// <param name="worker">The worker's id (owner of the lease).</param>
    /// <param name="lease">How long the claim holds without a heartbeat.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Job?> ClaimAsync(string queue, string worker, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var p = new SqlParameters();
        var nowText = p.Add(DateTimeText.Format(now));
        var sql = $"UPDATE {SystemTables.Jobs} SET status = '{JobStatus.Running}', attempts = attempts + 1, locked_by = {p.Add(worker)}, " +
            $"locked_until = {p.Add(DateTimeText.Format(now + lease))}, updated = {nowText} " +
            $"WHERE id = (SELECT id FROM {SystemTables.Jobs} WHERE queue = {p.Add(queue)} AND " +
            $"((status = '{JobStatus.Pending}' AND run_at <= {nowText}) OR (status = '{JobStatus.Running}' AND locked_until < {nowText})) " +
            $"ORDER BY run_at, created LIMIT 1{_db.Dialect.SkipLocked}) RETURNING {Columns}";
        return await _db.WriteAsync(async tx =>
        {
            await using var cmd = SqlText.Command(tx.Connection!, sql, p, tx);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);
    }

    /// <summary>Extends a running job's lease (long jobs call this while they work).</summary>
    /// <param name="id">The job.</param>
    /// <param name="worker">The lease owner.</param>
    /// <param name="lease">The new lease from now.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    /// <returns>False when the worker no longer owns the job.</returns>
    public Task<bool> HeartbeatAsync(string id, string worker, TimeSpan lease, CancellationToken cancellationToken = default) =>
        UpdateOwnedAsync(id, worker, $"locked_until = @lease", new() { ["@lease"] = DateTimeText.Format(_clock.GetUtcNow() + lease) }, cancellationToken);

    /// <summary>Marks a claimed job done.</summary>
    /// <param name="id">The job.</param>
    /// <param name="worker">The lease owner.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public Task<bool> CompleteAsync(string id, string worker, CancellationToken cancellationToken = default) =>
        UpdateOwnedAsync(id, worker, $"status = '{JobStatus.Done}', locked_until = ''", [], cancellationToken);

    /// <summary>Records a failure: retried later with exponential backoff, or dead-lettered when out of attempts.</summary>
    /// <param name="job">The claimed job.</param>
    /// <param name="worker">The lease owner.</param>
    /// <param name="error">What went wrong.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public Task<bool> FailAsync(Job job, string worker, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        var dead = job.Attempts >= job.MaxAttempts;
        var values = new Dictionary<string, object?> { ["@error"] = error.Length > 2000 ? error[..2000] : error };
        if (dead)
        {
            return UpdateOwnedAsync(job.Id, worker, $"status = '{JobStatus.Failed}', locked_until = '', last_error = @error", values, cancellationToken);
        }

        values["@runAt"] = DateTimeText.Format(_clock.GetUtcNow() + Backoff(job.Attempts));
        return UpdateOwnedAsync(job.Id, worker, $"status = '{JobStatus.Pending}', locked_until = '', run_at = @runAt, last_error = @error", values, cancellationToken);
    }

    /// <summary>The delay before retry number <paramref name="attempts"/>: 2^attempts seconds, at most one hour.</summary>
    /// <param name="attempts">Attempts made so far.</param>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, Math.Clamp(attempts, 0, 20))));

    /// <summary>Lists jobs, newest first, optionally by status and queue.</summary>
    /// <param name="status">A status, or null for all.</param>
    /// <param name="queue">A queue, or null for all.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<IReadOnlyList<Job>> ListAsync(string? status = null, string? queue = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var where = new List<string>();
        if (status is not null)
        {
            where.Add($"status = {p.Add(status)}");
        }

        if (queue is not null)
        {
            where.Add($"queue = {p.Add(queue)}");
        }

        var sql = $"SELECT {Columns} FROM {SystemTables.Jobs}{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY created DESC, id{SqlText.Limit(Math.Clamp(limit, 1, 1000))}";
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, sql, p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<Job>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    /// <summary>Finds a job, or null.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Job?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, $"SELECT {Columns} FROM {SystemTables.Jobs} WHERE id = {p.Add(id)}", p);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Puts a failed or cancelled job back in the queue with fresh attempts (400 for other states).</summary>
    /// <param name="id">The job.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public Task RetryAsync(string id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [JobStatus.Failed, JobStatus.Cancelled],
            $"status = '{JobStatus.Pending}', attempts = 0, run_at = @now, last_error = ''", "Only failed or cancelled jobs can be retried.", cancellationToken);

    /// <summary>Cancels a pending job (400 for other states).</summary>
    /// <param name="id">The job.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public Task CancelAsync(string id, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, [JobStatus.Pending], $"status = '{JobStatus.Cancelled}'", "Only pending jobs can be cancelled.", cancellationToken);

    private async Task TransitionAsync(string id, string[] from, string set, string refusal, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        var now = p.Add(DateTimeText.Format(_clock.GetUtcNow()));
        var states = string.Join(", ", from.Select(s => "'" + s + "'"));
        var sql = $"UPDATE {SystemTables.Jobs} SET {set.Replace("@now", now, StringComparison.Ordinal)}, updated = {now} WHERE id = {p.Add(id)} AND status IN ({states})";
        var changed = await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx, sql, p, cancellationToken), cancellationToken);
        if (changed == 0)
        {
            throw await GetAsync(id, cancellationToken) is null ? StrataException.NotFound() : StrataException.BadRequest(refusal);
        }
    }

    private async Task<bool> UpdateOwnedAsync(string id, string worker, string set, Dictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        foreach (var (name, value) in values)
        {
            set = set.Replace(name, p.Add(value), StringComparison.Ordinal);
        }

        var sql = $"UPDATE {SystemTables.Jobs} SET {set}, updated = {p.Add(DateTimeText.Format(_clock.GetUtcNow()))} " +
            $"WHERE id = {p.Add(id)} AND locked_by = {p.Add(worker)} AND status = '{JobStatus.Running}'";
        return await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx, sql, p, cancellationToken), cancellationToken) == 1;
    }

    private static Job Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Queue = r.GetString(1),
        Name = r.GetString(2),
        Payload = JsonNode.Parse(r.GetString(3)),
        Status = r.GetString(4),
        Attempts = Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
        MaxAttempts = Convert.ToInt32(r.GetValue(6), CultureInfo.InvariantCulture),
        RunAt = r.GetString(7),
        LastError = r.GetString(8),
        DedupeKey = r.IsDBNull(9) ? null : r.GetString(9),
        Created = r.GetString(10),
        Updated = r.GetString(11),
    };
}
