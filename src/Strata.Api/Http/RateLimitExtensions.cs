using Microsoft.AspNetCore.Builder;

namespace Strata.Api.Http;

/// <summary>Puts routes under the rate limiter: <c>app.MapPost("/api/sms", ...).RateLimit("sms", 3, 60)</c>.</summary>
public static class RateLimitExtensions
{
    /// <summary>
    /// Labels the endpoint(s) for rate limiting. Rules in the <c>rateLimits</c> setting labelled <paramref name="label"/>
    /// (or <c>*:label</c>) apply per client; without such a rule, the given default applies (if any).
    /// </summary>
    /// <typeparam name="TBuilder">The endpoint builder.</typeparam>
    /// <param name="builder">The endpoint or group.</param>
    /// <param name="label">The label.</param>
    /// <param name="maxRequests">The default limit per window (0: only settings rules).</param>
    /// <param name="durationSeconds">The default window in seconds.</param>
    public static TBuilder RateLimit<TBuilder>(this TBuilder builder, string label, int maxRequests = 0, int durationSeconds = 0)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        return builder.WithMetadata(new RateLimitTag(label, maxRequests, durationSeconds));
    }
}
