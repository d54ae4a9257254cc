using Strata.Core.Errors;

namespace Strata.Core.RateLimits;

/// <summary>A 429 in the contract's error shape; the HTTP layer adds <c>Retry-After</c>.</summary>
public sealed class RateLimitedException : StrataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="retryAfterSeconds">Seconds until the client may try again.</param>
    public RateLimitedException(long retryAfterSeconds) : base(429, "Too Many Requests.") => RetryAfterSeconds = Math.Max(1, retryAfterSeconds);

    /// <summary>Seconds until the client may try again.</summary>
    public long RetryAfterSeconds { get; }
}
