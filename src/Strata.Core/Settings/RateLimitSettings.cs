using Strata.Core.RateLimits;

namespace Strata.Core.Settings;

/// <summary>The parsed <c>rateLimits</c> setting.</summary>
/// <param name="Enabled">Whether any rule applies.</param>
/// <param name="Rules">The rules.</param>
/// <param name="ExcludedIps">Client IPs never limited.</param>
public sealed record RateLimitSettings(bool Enabled, IReadOnlyList<RateLimitRule> Rules, IReadOnlyList<string> ExcludedIps);
