using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Core.Jobs;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>An app's jobs run in the server; superusers see and manage them under /api/strata/jobs.</summary>
public sealed class JobsApiTests
{
    private static async Task<TestApp> StartAsync(List<string> welcomed)
    {
        var app = await TestApp.StartAsync(a =>
        {
            a.Jobs.Handle("welcome", (ctx, _) =>
            {
                lock (welcomed)
                {
                    welcomed.Add(ctx.Job.Payload!["email"]!.GetValue<string>());
                }

                return Task.CompletedTask;
            });
            // A side effect after commit goes through the durable queue, so it survives restarts and retries on failure.
            a.Hooks.OnCommitted("users", async (change, ct) =>
            {
                if (change.Action == Core.Hooks.RecordAction.Create)
                {
                    await change.Engine!.Jobs.EnqueueAsync("welcome", new JsonObject { ["email"] = change.Record.GetString("email") }, null, ct);
                }
            });
        });
        return app;
    }

    [Fact]
    public async Task A_job_enqueued_after_commit_runs_and_superusers_can_manage_jobs()
    {
        var welcomed = new List<string>();
        await using var app = await StartAsync(welcomed);
        using var signup = await app.Client.PostAsJsonAsync("api/collections/users/records",
            new { email = "ann@example.com", password = "ann-password-1", passwordConfirm = "ann-password-1" });
        Assert.Equal(HttpStatusCode.OK, signup.StatusCode);

        JsonArray? jobs = null;
        for (var i = 0; i < 100 && (jobs is null || jobs.Count == 0); i++)
        {
            await Task.Delay(100);
            jobs = (JsonArray?)await app.AdminAsync(HttpMethod.Get, "api/strata/jobs?status=done");
        }

        Assert.Single(jobs!);
        Assert.Equal("welcome", jobs![0]!["name"]!.GetValue<string>());
        lock (welcomed)
        {
            Assert.Equal(["ann@example.com"], welcomed);
        }

        var later = await app.Engine.Jobs.EnqueueAsync("welcome", new JsonObject { ["email"] = "x" }, new JobOptions { Delay = TimeSpan.FromHours(1) });
        await app.AdminAsync(HttpMethod.Post, $"api/strata/jobs/{later}/cancel");
        Assert.Equal(JobStatus.Cancelled, (await app.AdminAsync(HttpMethod.Get, $"api/strata/jobs/{later}"))!["status"]!.GetValue<string>());
        await app.AdminAsync(HttpMethod.Post, $"api/strata/jobs/{later}/retry");

        using var guest = await app.Client.GetAsync(new Uri("api/strata/jobs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, guest.StatusCode);
        using var badStatus = new HttpRequestMessage(HttpMethod.Get, "api/strata/jobs?status=nope");
        badStatus.Headers.TryAddWithoutValidation("Authorization", await app.SuperuserTokenAsync());
        using var bad = await app.Client.SendAsync(badStatus);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
