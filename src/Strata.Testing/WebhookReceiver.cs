using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Core.Webhooks;

namespace Strata.Testing;

/// <summary>
/// A webhook receiver on loopback for tests: a real HTTP server that records every delivery and answers with the
/// status the test chooses (e.g. fail the first delivery to see the retry). Subscribe <see cref="Url"/>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly ConcurrentQueue<WebhookDelivery> _received = new();

    private WebhookReceiver(WebApplication web) => _web = web;

    /// <summary>The URL to subscribe, e.g. <c>http://127.0.0.1:41234/hook</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The deliveries so far, in arrival order.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => [.. _received];

    /// <summary>Starts a receiver.</summary>
    /// <param name="status">The status to answer the n-th delivery with (n from 1); null answers 200 to all.</param>
    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? status = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var web = builder.Build();
        var receiver = new WebhookReceiver(web);
        var calls = 0;
        web.MapPost("/hook", async (HttpContext c) =>
        {
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body, c.RequestAborted);
            var answer = status?.Invoke(Interlocked.Increment(ref calls)) ?? StatusCodes.Status200OK;
            receiver._received.Enqueue(new WebhookDelivery(c.Request.Headers["X-Strata-Event"].ToString(),
                c.Request.Headers[WebhookSignature.Header].ToString(), body.ToArray(), answer));
            return Results.StatusCode(answer);
        });
        await web.StartAsync();
        var address = web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    /// <summary>Waits until at least <paramref name="count"/> deliveries arrived and returns them.</summary>
    /// <param name="count">How many.</param>
    /// <param name="timeout">How long to wait (default 30 s).</param>
    /// <exception cref="TimeoutException">Fewer arrived in time.</exception>
    public async Task<IReadOnlyList<WebhookDelivery>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (_received.Count < count)
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Expected {count} webhook deliveries, got {_received.Count}.");
            }

            await Task.Delay(50);
        }

        return Deliveries;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _web.StopAsync();
        await _web.DisposeAsync();
    }
}
