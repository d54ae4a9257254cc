using System.Text.Json.Nodes;
using Strata.Core.Webhooks;

namespace Strata.Testing;

/// <summary>One POST a <see cref="WebhookReceiver"/> received.</summary>
/// <param name="Event">The <c>X-Strata-Event</c> header (<c>create</c>, <c>update</c>, <c>delete</c>).</param>
/// <param name="Signature">The <c>X-Strata-Signature</c> header.</param>
/// <param name="Body">The raw body, as signed.</param>
/// <param name="AnsweredStatus">The status the receiver answered with.</param>
public sealed record WebhookDelivery(string Event, string Signature, byte[] Body, int AnsweredStatus)
{
    /// <summary>The parsed body: <c>{id, action, collection, created, record}</c>.</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("The delivery body is JSON null.");

    /// <summary>Checks the signature the documented way (see <see cref="WebhookSignature.Verify"/>), within five minutes of <paramref name="now"/>.</summary>
    /// <param name="secret">The subscription's secret.</param>
    /// <param name="now">The verifier's time (the engine's clock in tests that move it).</param>
    public bool Verify(string secret, DateTimeOffset now) => WebhookSignature.Verify(secret, Signature, Body, now, TimeSpan.FromMinutes(5));
}
