using Strata.Core;
using Strata.Core.Jobs;
using Strata.Testing;
using Xunit;

namespace Strata.Core.Tests.Jobs;

/// <summary>Each cron occurrence starts once even when several nodes run a scheduler on the same database.</summary>
public sealed class CronSchedulerTests
{
    [Fact]
    public async Task Two_nodes_start_each_occurrence_once()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 22, 10, 0, 30, TimeSpan.Zero));
        await using var db = await TestDatabase.CreateAsync();
        await using var engine = await StrataEngine.OpenAsync(db.Open(), new EngineOptions { Clock = clock });
        var crons = new[] { new CronJob("every5", "*/5 * * * *", (_, _) => Task.CompletedTask) };
        await using var nodeA = new CronScheduler(engine, crons);
        await using var nodeB = new CronScheduler(engine, crons);

        // 10:00 is an occurrence within the last minute.
        var a = await nodeA.RunDueAsync();
        var b = await nodeB.RunDueAsync();
        Assert.Equal(1, a.Count + b.Count);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty(await nodeA.RunDueAsync());
        Assert.Empty(await nodeB.RunDueAsync());

        clock.Advance(TimeSpan.FromMinutes(3));
        var a2 = await nodeA.RunDueAsync();
        var b2 = await nodeB.RunDueAsync();
        Assert.Equal(1, a2.Count + b2.Count);

        var jobs = await engine.Jobs.ListAsync(queue: "default");
        Assert.Equal(2, jobs.Count(j => j.Name == "cron:every5"));
    }

    [Fact]
    public void An_invalid_expression_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new CronJob("bad", "not a cron", (_, _) => Task.CompletedTask));
        Assert.Throws<ArgumentException>(() => new JobHandlers().Cron("x", "* * * * *", (_, _) => Task.CompletedTask).Cron("x", "* * * * *", (_, _) => Task.CompletedTask));
    }
}
