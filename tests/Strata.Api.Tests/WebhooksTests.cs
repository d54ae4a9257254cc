using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Webhooks;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Webhook deliveries are signed, verifiable, retried after a receiver failure and logged.</summary>
public sealed class WebhooksTests
{
    private sealed record Received(string Signature, string Event, byte[] Body);

    [Fact]
    public async Task Deliveries_are_signed_retried_after_a_failure_and_logged()
    {
        var received = new ConcurrentQueue<Received>();
        var calls = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", async (HttpContext c) =>
        {
            using var ms = new MemoryStream();
            await c.Request.Body.CopyToAsync(ms);
            received.Enqueue(new Received(c.Request.Headers[WebhookSignature.Header].ToString(), c.Request.Headers["X-Strata-Event"].ToString(), ms.ToArray()));
            // The first delivery fails, as a receiver that is briefly down would.
            return Interlocked.Increment(ref calls) == 1 ? Results.StatusCode(500) : Results.Ok();
        });
        await receiver.StartAsync();
        var url = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";

        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Post, "api/collections", new { name = "notes", createRule = "", fields = new object[] { new { name = "title", type = "text" } } });
        var hook = await app.AdminAsync(HttpMethod.Post, "api/strata/webhooks", new { collection = "notes", url, actions = new[] { "create" } });
        var secret = hook!["secret"]!.GetValue<string>();
        Assert.Null(((JsonArray)(await app.AdminAsync(HttpMethod.Get, "api/strata/webhooks"))!)[0]!["secret"]);

        using var created = await app.Client.PostAsJsonAsync("api/collections/notes/records", new { title = "hello" });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        for (var i = 0; i < 150 && received.Count < 2; i++)
        {
            await Task.Delay(100);
        }

        var all = received.ToArray();
        Assert.Equal(2, all.Length);
        foreach (var r in all)
        {
            Assert.True(WebhookSignature.Verify(secret, r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.False(WebhookSignature.Verify("wrong-secret", r.Signature, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.Equal("create", r.Event);
        }

        // The retry carries the same event.
        Assert.Equal(JsonNode.Parse(all[0].Body)!["id"]!.GetValue<string>(), JsonNode.Parse(all[1].Body)!["id"]!.GetValue<string>());
        Assert.Equal("hello", JsonNode.Parse(all[1].Body)!["record"]!["title"]!.GetValue<string>());

        JsonArray log = [];
        for (var i = 0; i < 50 && log.Count < 2; i++)
        {
            log = (JsonArray)(await app.AdminAsync(HttpMethod.Get, $"api/strata/webhooks/{hook["id"]!.GetValue<string>()}/deliveries"))!;
            await Task.Delay(100);
        }

        Assert.Equal([200, 500], log.Select(d => d!["status"]!.GetValue<int>()));
        Assert.Equal([2, 1], log.Select(d => d!["attempt"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_bad_subscription_is_a_400()
    {
        await using var app = await TestApp.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/strata/webhooks") { Content = JsonContent.Create(new { collection = "", url = "ftp://x", actions = new[] { "explode" } }) };
        request.Headers.TryAddWithoutValidation("Authorization", await app.SuperuserTokenAsync());
        using var response = await app.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.NotNull(body!["data"]!["url"]);
        Assert.NotNull(body["data"]!["actions"]);
        Assert.NotNull(body["data"]!["collection"]);
    }
}
