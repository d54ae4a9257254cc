using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Webhooks;

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
        var received = new ConcurrentQueue<(string Signature, byte[] Body)>();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext c) =>
        {
            using var ms = new MemoryStream();
            await c.Request.Body.CopyToAsync(ms);
            received.Enqueue((c.Request.Headers[WebhookSignature.Header].ToString(), ms.ToArray()));
            // The first delivery fails, as a receiver that is briefly down would.
            return Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(503) : Results.Ok();
        });
        await receiver.StartAsync();
        var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        var (app, clock) = await HelloHarness.StartAsync(new HelloOptions { WebhookUrl = url });
        await using var _app = app;
        var subscription = Assert.Single(await app.Engine.Webhooks.ListAsync());
        Assert.Equal(url, subscription.Url);
        Assert.Equal("messages", subscription.Collection);

        var ada = await app.SignUpAsync("Ada");
        var (_, message) = await app.PostMessageAsync(ada, "ping");
        await HelloHarness.EventuallyAsync(() => Task.FromResult(received.IsEmpty ? null : "first"), "the first delivery");

        // The retry waits for its backoff on the engine's clock: move it instead of sleeping.
        await Task.Delay(300);
        Assert.Single(received);
        clock.Advance(TimeSpan.FromMinutes(1));
        await HelloHarness.EventuallyAsync(() => Task.FromResult(received.Count < 2 ? null : "second"), "the retry");

        foreach (var (signature, body) in received)
        {
            Assert.True(WebhookSignature.Verify(subscription.Secret, signature, body, clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
            var payload = JsonNode.Parse(body)!;
            Assert.Equal("create", payload["action"]!.GetValue<string>());
            Assert.Equal(message["id"]!.GetValue<string>(), payload["record"]!["id"]!.GetValue<string>());
        }

        Assert.False(WebhookSignature.Verify("not-the-secret", received.First().Signature, received.First().Body, clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var log = (JsonArray)(await app.AdminAsync(HttpMethod.Get, $"api/strata/webhooks/{subscription.Id}/deliveries"))!;
        Assert.Contains(log, d => d!["status"]!.GetValue<int>() == 503);
    }

    private static async Task<int> DigestsAsync(Strata.Testing.TestApp app) =>
        (await app.AdminAsync(HttpMethod.Get, "api/collections/digests/records"))!["totalItems"]!.GetValue<int>();
}
