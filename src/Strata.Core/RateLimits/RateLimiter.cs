using Strata.Core.Settings;
using Strata.Core.Storage;

namespace Strata.Core.RateLimits;

/// <summary>
/// Fixed-window rate limits: the rules come from the <c>rateLimits</c> setting, the counters from
/// <see cref="IRateLimitStore"/> (in memory on SQLite, shared in the database on PostgreSQL). Public so app code can
/// limit its own operations with <see cref="HitAsync"/>.
/// </summary>
public sealed class RateLimiter
{
    private readonly SettingsStore _settings;
    private readonly TimeProvider _clock;

    /// <summary>Creates the limiter.</summary>
    /// <param name="db">The database (PostgreSQL keeps the counters there).</param>
    /// <param name="settings">The settings holding the rules.</param>
    /// <param name="clock">The clock windows are counted by.</param>
    public RateLimiter(IDatabase db, SettingsStore settings, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        _settings = settings;
        _clock = clock;
        Store = db.Dialect.Name == "sqlite" ? new MemoryRateLimitStore() : new DatabaseRateLimitStore(db);
    }

    /// <summary>Where the counters live.</summary>
    public IRateLimitStore Store { get; }

    /// <summary>The current rules, or none when <c>rateLimits.enabled</c> is false.</summary>
    public IReadOnlyList<RateLimitRule> Rules => _settings.RateLimits.Enabled ? _settings.RateLimits.Rules : [];

    /// <summary>Client IPs that are never limited.</summary>
    public IReadOnlyList<string> ExcludedIps => _settings.RateLimits.ExcludedIps;

    /// <summary>Counts one request against a limit and tells whether it is within it.</summary>
    /// <param name="key">What is counted: a rule or operation and a client, e.g. <c>sms|ip:10.0.0.1</c>.</param>
    /// <param name="maxRequests">The limit per window.</param>
    /// <param name="durationSeconds">The window in seconds.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<RateLimitDecision> HitAsync(string key, int maxRequests, int durationSeconds, CancellationToken cancellationToken = default)
    {
        var (windowKey, now, end) = Window(key, durationSeconds);
        var count = await Store.IncrementAsync(windowKey, end, now, cancellationToken);
        return new RateLimitDecision(count <= maxRequests, count, end - now);
    }

    /// <summary>Tells whether a limit is already used up, without counting.</summary>
    /// <param name="key">The counter.</param>
    /// <param name="maxRequests">The limit per window.</param>
    /// <param name="durationSeconds">The window in seconds.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<RateLimitDecision> PeekAsync(string key, int maxRequests, int durationSeconds, CancellationToken cancellationToken = default)
    {
        var (windowKey, now, end) = Window(key, durationSeconds);
        var count = await Store.PeekAsync(windowKey, cancellationToken);
        return new RateLimitDecision(count < maxRequests, count, end - now);
    }

    /// <summary>Counts a request under a rule and throws <see cref="RateLimitedException"/> when it is over the limit.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="client">The client key (e.g. <c>ip:…</c> or <c>auth:…</c>).</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task EnforceAsync(RateLimitRule rule, string client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var decision = await HitAsync(rule.Label + "|" + client, rule.MaxRequests, rule.Duration, cancellationToken);
        if (!decision.Allowed)
        {
            throw new RateLimitedException(decision.RetryAfterSeconds);
        }
    }

    /// <summary>Throws 429 when the identity has used up its failed logins (<c>*:failedAuth</c>), whatever the password.</summary>
    /// <param name="collectionId">The auth collection.</param>
    /// <param name="identity">The identity tried.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task CheckFailedAuthAsync(string collectionId, string identity, CancellationToken cancellationToken = default)
    {
        if (FailedAuthRule() is { } rule)
        {
            var decision = await PeekAsync(FailedAuthKey(rule, collectionId, identity), rule.MaxRequests, rule.Duration, cancellationToken);
            if (!decision.Allowed)
            {
                throw new RateLimitedException(decision.RetryAfterSeconds);
            }
        }
    }

    /// <summary>Counts one failed login of an identity.</summary>
    /// <param name="collectionId">The auth collection.</param>
    /// <param name="identity">The identity tried.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task RecordFailedAuthAsync(string collectionId, string identity, CancellationToken cancellationToken = default)
    {
        if (FailedAuthRule() is { } rule)
        {
            await HitAsync(FailedAuthKey(rule, collectionId, identity), rule.MaxRequests, rule.Duration, cancellationToken);
        }
    }

    private RateLimitRule? FailedAuthRule() => Rules.FirstOrDefault(r => r.Label == RateLimitRule.FailedAuth);

    private static string FailedAuthKey(RateLimitRule rule, string collectionId, string identity)
    {
        // Hashed, so an identity of any length or content makes a short, uniform key.
        return rule.Label + "|" + collectionId + "|" + Auth.TokenHash.Of(identity.Trim().ToLowerInvariant());
    }

    private (string Key, long Now, long End) Window(string key, int durationSeconds)
    {
        var duration = Math.Max(1, durationSeconds);
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var window = now / duration;
        return ($"{key}|{duration}|{window}", now, (window + 1) * duration);
    }
}
