namespace Strata.Core.RateLimits;

/// <summary>The outcome of counting one request against a limit.</summary>
/// <param name="Allowed">Whether the request is within the limit.</param>
/// <param name="Count">The requests counted in the current window, this one included.</param>
/// <param name="RetryAfterSeconds">Seconds until the window ends (for <c>Retry-After</c>).</param>
public readonly record struct RateLimitDecision(bool Allowed, long Count, long RetryAfterSeconds);
