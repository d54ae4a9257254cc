// A Strata app whose one job leaves durable traces, for the kill -9 tests:
//   * "start <job id> <attempt>" appended (and flushed to disk) to $CRASHAPP_LOG when the handler begins;
//   * after sleeping payload.sleepMs, one "effects" record keyed by the job id (skipped when it already exists,
//     which makes the effect idempotent), then "done <job id> <attempt>".
// POST /api/crash/enqueue {"sleepMs":..,"delayMs":..} (superusers) enqueues it.
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Strata;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Jobs;
using Strata.Core.Migrations;
using Strata.Core.Records;

var log = Environment.GetEnvironmentVariable("CRASHAPP_LOG") ?? throw new InvalidOperationException("Set CRASHAPP_LOG.");
var app = StrataApp.Create(args);

// A short lease so a job whose worker was killed is taken again within seconds.
app.Jobs.Lease = TimeSpan.FromSeconds(2);
app.Migrations.Add(new CodeMigration("1700000000_effects",
    (ctx, ct) => ctx.CreateCollectionAsync("""
        {"name":"effects","fields":[{"name":"job","type":"text","required":true}],
         "indexes":["CREATE UNIQUE INDEX idx_effects_job ON effects (job)"]}
        """, ct),
    (ctx, ct) => ctx.DeleteCollectionAsync("effects", ct)));

app.Jobs.Handle("work", async (ctx, ct) =>
{
    Trace("start", ctx.Job);
    await Task.Delay(ctx.Job.Payload?["sleepMs"]?.GetValue<int>() ?? 0, ct);
    var records = ctx.Engine.Records;
    if (await records.Query("effects").Where("job = {:job}", new() { ["job"] = ctx.Job.Id }).FirstAsync(ct) is null)
    {
        await records.CreateAsync(records.Collection("effects"), new JsonObject { ["job"] = ctx.Job.Id }, RequestInfo.Server, ct);
    }

    Trace("done", ctx.Job);
});

app.MapRoutes(r => r.MapPost("/api/crash/enqueue", async (HttpContext c, StrataEngine engine) =>
{
    c.Strata().RequireSuperuser();
    var body = await c.Request.ReadFromJsonAsync<JsonObject>() ?? [];
    var delay = TimeSpan.FromMilliseconds(body["delayMs"]?.GetValue<int>() ?? 0);
    return new { id = await engine.Jobs.EnqueueAsync("work", body, new JobOptions { Delay = delay }) };
}));

return await app.RunAsync();

void Trace(string what, Job job)
{
    lock (log)
    {
        using var f = new FileStream(log, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        f.Write(System.Text.Encoding.UTF8.GetBytes($"{what} {job.Id} {job.Attempts}\n"));
        f.Flush(flushToDisk: true);
    }
}
