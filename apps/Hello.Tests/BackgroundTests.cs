using System.Text.Json.Nodes;
using Strata.Testing;

namespace Hello.Tests;

/// <summary>The hourly cron (driven by the test's clock) and the webhook subscription (a receiver on loopback).</summary>
public sealed class BackgroundTests
{
    [Fact]
    public async Task The_digest_cron_is_listed_runs_when_the_hour_comes_and_once_per_hour()
    {
        var (app, clock) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        await app.PostMessageAsync(ada, "one");
        await app.PostMessageAsync(ada, "two");

        var crons = (JsonArray)(await app.AdminAsync(HttpMethod.Get, "api/crons"))!;
        var digest = Assert.Single(crons, c => c!["id"]!.GetValue<string>() == DigestCron.Id);
        Assert.Equal(DigestCron.Schedule, digest!["expression"]!.GetValue<string>());
        Assert.Equal(0, await DigestsAsync(app));

        // Move past the next full hour: the scheduler (ticking each second) starts the run.
        var now = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(60 - now.Minute) - TimeSpan.FromSeconds(now.Second) + TimeSpan.FromSeconds(5));
        var hour = clock.GetUtcNow().ToString("yyyy-MM-dd HH:00", System.Globalization.CultureInfo.InvariantCulture);
        var row = await HelloHarness.EventuallyAsync(async () =>
            ((await app.AdminAsync(HttpMethod.Get, "api/collections/digests/records"))!["items"]!.AsArray().FirstOrDefault() as JsonObject), "the digest");
        Assert.Equal(hour, row["hour"]!.GetValue<string>());
        Assert.Equal(2, row["messages"]!.GetValue<int>());

        // Running it by hand in the same hour changes nothing (the job is idempotent).
        await app.AdminAsync(HttpMethod.Post, "api/crons/" + DigestCron.Id);
        await HelloHarness.EventuallyAsync(async () => (await app.Engine.Jobs.ListAsync(status: "done")).Count(j => j.Name == "cron:" + DigestCron.Id) == 2 ? "two runs" : null,
            "the manual run");
        Assert.Equal(1, await DigestsAsync(app));
    }

    [Fact]
    public async Task New_messages_are_delivered_to_the_subscribed_webhook_signed_and_retried_after_a_failure()
    {
        // A real receiver on loopback; the first delivery fails, as a receiver that is briefly down would.
        await using var receiver = await WebhookReceiver.StartAsync(n => n == 1 ? 503 : 200);
        var url = receiver.Url.ToString();
        var (app, clock) = await HelloHarness.StartAsync(new HelloOptions { WebhookUrl = url });
        await using var _app = app;
        var subscription = Assert.Single(await app.Engine.Webhooks.ListAsync());
        Assert.Equal(url, subscription.Url);
        Assert.Equal("messages", subscription.Collection);

        var ada = await app.SignUpAsync("Ada");
        var (_, message) = await app.PostMessageAsync(ada, "ping");
        await receiver.WaitForAsync(1);

        // The retry waits for its backoff on the engine's clock: move it instead of sleeping.
        await Task.Delay(300);
        Assert.Single(receiver.Deliveries);
        clock.Advance(TimeSpan.FromMinutes(1));
        var deliveries = await receiver.WaitForAsync(2);

        Assert.Equal([503, 200], deliveries.Select(d => d.AnsweredStatus));
        foreach (var delivery in deliveries)
        {
            Assert.True(delivery.Verify(subscription.Secret, clock.GetUtcNow()));
            Assert.False(delivery.Verify("not-the-secret", clock.GetUtcNow()));
            Assert.Equal("create", delivery.Event);
            Assert.Equal(message["id"]!.GetValue<string>(), delivery.Json["record"]!["id"]!.GetValue<string>());
        }

        var log = (JsonArray)(await app.AdminAsync(HttpMethod.Get, $"api/strata/webhooks/{subscription.Id}/deliveries"))!;
        Assert.Contains(log, d => d!["status"]!.GetValue<int>() == 503);
    }

    private static async Task<int> DigestsAsync(TestApp app) =>
        (await app.AdminAsync(HttpMethod.Get, "api/collections/digests/records"))!["totalItems"]!.GetValue<int>();
}
