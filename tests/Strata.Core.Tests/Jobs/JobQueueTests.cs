using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Jobs;
using Strata.Testing;
using Xunit;

namespace Strata.Core.Tests.Jobs;

/// <summary>The durable queue on the real engine: claims, leases, retries with backoff, dead letters, dedupe.</summary>
public sealed class JobQueueTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private TestDatabase _db = null!;
    private StrataEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _engine = await StrataEngine.OpenAsync(_db.Open(), new EngineOptions { Clock = _clock });
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Job> WaitForAsync(string id, string status)
    {
        for (var i = 0; i < 200; i++)
        {
            var job = (await _engine.Jobs.GetAsync(id))!;
            if (job.Status == status)
            {
                return job;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {id} never became {status}: {(await _engine.Jobs.GetAsync(id))!.Status}");
    }

    [Fact]
    public async Task A_worker_runs_a_job_with_its_payload_once()
    {
        var seen = new ConcurrentBag<string>();
        var handlers = new JobHandlers().Handle("greet", (ctx, _) =>
        {
            seen.Add(ctx.Job.Payload!["who"]!.GetValue<string>());
            return Task.CompletedTask;
        });
        await using var worker = new JobWorker(_engine, handlers) { PollInterval = TimeSpan.FromMilliseconds(50) };
        worker.Start();
        var id = await _engine.Jobs.EnqueueAsync("greet", new JsonObject { ["who"] = "Ann" });
        var done = await WaitForAsync(id, JobStatus.Done);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(["Ann"], seen);
    }

    [Fact]
    public async Task Failures_retry_with_backoff_then_dead_letter()
    {
        var id = await _engine.Jobs.EnqueueAsync("flaky", null, new JobOptions { MaxAttempts = 3 });
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = await _engine.Jobs.ClaimAsync("default", "w1", TimeSpan.FromSeconds(30));
            Assert.NotNull(job);
            Assert.Equal(attempt, job.Attempts);
            await _engine.Jobs.FailAsync(job, "w1", "boom " + attempt);
            // Not due again until the backoff has passed.
            Assert.Null(await _engine.Jobs.ClaimAsync("default", "w1", TimeSpan.FromSeconds(30)));
            _clock.Advance(JobQueue.Backoff(attempt) + TimeSpan.FromMilliseconds(1));
        }

        var dead = (await _engine.Jobs.GetAsync(id))!;
        Assert.Equal(JobStatus.Failed, dead.Status);
        Assert.Equal("boom 3", dead.LastError);
        Assert.Null(await _engine.Jobs.ClaimAsync("default", "w1", TimeSpan.FromSeconds(30)));

        await _engine.Jobs.RetryAsync(id);
        var again = await _engine.Jobs.ClaimAsync("default", "w1", TimeSpan.FromSeconds(30));
        Assert.Equal(1, again!.Attempts);
    }

    [Fact]
    public async Task An_expired_lease_lets_another_worker_take_the_job()
    {
        var id = await _engine.Jobs.EnqueueAsync("slow");
        var first = await _engine.Jobs.ClaimAsync("default", "crashed-worker", TimeSpan.FromSeconds(10));
        Assert.Equal(id, first!.Id);
        Assert.Null(await _engine.Jobs.ClaimAsync("default", "other", TimeSpan.FromSeconds(10)));

        _clock.Advance(TimeSpan.FromSeconds(11));
        var second = await _engine.Jobs.ClaimAsync("default", "other", TimeSpan.FromSeconds(10));
        Assert.Equal(id, second!.Id);
        Assert.Equal(2, second.Attempts);
        // The worker that lost its lease can no longer finish the job.
        Assert.False(await _engine.Jobs.CompleteAsync(id, "crashed-worker"));
        Assert.True(await _engine.Jobs.CompleteAsync(id, "other"));
    }

    [Fact]
    public async Task Concurrent_claims_never_take_a_job_twice()
    {
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await _engine.Jobs.EnqueueAsync("n", new JsonObject { ["i"] = i }));
        }

        var claimed = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (await _engine.Jobs.ClaimAsync("default", "w" + w, TimeSpan.FromMinutes(1)) is { } job)
            {
                claimed.Add(job.Id);
            }
        })));
        Assert.Equal(ids.Order(StringComparer.Ordinal), claimed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_dedupe_key_holds_one_job_until_it_finishes()
    {
        var a = await _engine.Jobs.EnqueueAsync("sync", null, new JobOptions { DedupeKey = "user:1" });
        var b = await _engine.Jobs.EnqueueAsync("sync", null, new JobOptions { DedupeKey = "user:1" });
        Assert.Equal(a, b);
        var job = await _engine.Jobs.ClaimAsync("default", "w", TimeSpan.FromMinutes(1));
        await _engine.Jobs.CompleteAsync(job!.Id, "w");
        var c = await _engine.Jobs.EnqueueAsync("sync", null, new JobOptions { DedupeKey = "user:1" });
        Assert.NotEqual(a, c);
    }

    [Fact]
    public async Task Delayed_jobs_wait_and_pending_jobs_can_be_cancelled()
    {
        var later = await _engine.Jobs.EnqueueAsync("later", null, new JobOptions { Delay = TimeSpan.FromMinutes(5) });
        Assert.Null(await _engine.Jobs.ClaimAsync("default", "w", TimeSpan.FromMinutes(1)));
        await _engine.Jobs.CancelAsync(later);
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(await _engine.Jobs.ClaimAsync("default", "w", TimeSpan.FromMinutes(1)));
        var e = await Assert.ThrowsAsync<StrataException>(() => _engine.Jobs.CancelAsync(later));
        Assert.Equal(400, e.Status);
        Assert.Equal(404, (await Assert.ThrowsAsync<StrataException>(() => _engine.Jobs.CancelAsync("nope"))).Status);
    }

    [Fact]
    public async Task Shutdown_waits_for_running_jobs()
    {
        var started = new TaskCompletionSource();
        var handlers = new JobHandlers().Handle("slow", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(300, ct);
        });
        var worker = new JobWorker(_engine, handlers) { PollInterval = TimeSpan.FromMilliseconds(50) };
        worker.Start();
        var id = await _engine.Jobs.EnqueueAsync("slow");
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await worker.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(JobStatus.Done, (await _engine.Jobs.GetAsync(id))!.Status);
        await worker.DisposeAsync();
    }
}
