using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Core;

namespace Hello;

/// <summary>
/// At start, subscribes <see cref="HelloOptions.WebhookUrl"/> to new messages (once: an existing subscription for the
/// URL is kept). Deliveries are signed with the subscription's secret, which is logged when it is created.
/// </summary>
/// <param name="engine">The engine (from dependency injection).</param>
/// <param name="options">The app's settings.</param>
/// <param name="logger">The log.</param>
public sealed partial class WebhookSubscription(StrataEngine engine, HelloOptions options, ILogger<WebhookSubscription> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.WebhookUrl))
        {
            return;
        }

        var existing = await engine.Webhooks.ListAsync(cancellationToken);
        if (existing.Any(w => w.Url == options.WebhookUrl && w.Collection == "messages"))
        {
            return;
        }

        var hook = await engine.Webhooks.CreateAsync("messages", options.WebhookUrl, ["create"], cancellationToken);
        LogSubscribed(logger, hook.Url, hook.Secret);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "New messages are sent to {Url}; verify the X-Strata-Signature header with the secret {Secret}")]
    private static partial void LogSubscribed(ILogger logger, string url, string secret);
}
