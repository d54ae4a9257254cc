namespace Strata.Core.RateLimits;

/// <summary>
/// One rule of the <c>rateLimits.rules</c> setting (contract §8.2): at most <paramref name="MaxRequests"/> requests per
/// client in each window of <paramref name="Duration"/> seconds, for the requests the label matches.
/// </summary>
/// <param name="Label">What it matches: a path (<c>/api/</c> is a prefix, <c>/api/health</c> exact), optionally with a
/// method (<c>POST /api/batch</c>); a tag in a collection (<c>users:auth</c>) or any (<c>*:auth</c>); or a custom label
/// given to a route with <c>.RateLimit("label")</c>. <c>*:failedAuth</c> counts failed logins per identity.</param>
/// <param name="MaxRequests">The limit per window.</param>
/// <param name="Duration">The window in seconds.</param>
/// <param name="Audience"><c>""</c> everyone, <c>@guest</c> only guests, <c>@auth</c> only signed-in clients.</param>
public sealed record RateLimitRule(string Label, int MaxRequests, int Duration, string Audience = "")
{
    /// <summary>The label of the failed-login rule.</summary>
    public const string FailedAuth = "*:failedAuth";
}
