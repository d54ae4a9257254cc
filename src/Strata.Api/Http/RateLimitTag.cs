namespace Strata.Api.Http;

/// <summary>
/// Endpoint metadata naming what a route is for rate limits: rules labelled <c>tag</c>, <c>*:tag</c> or
/// <c>&lt;collection&gt;:tag</c> apply to it. A default limit applies when no rule in the settings names the tag.
/// </summary>
/// <param name="Tag">The tag, e.g. <c>auth</c> or an app's own label.</param>
/// <param name="DefaultMaxRequests">The limit per window when the settings have no rule for the tag (0: none).</param>
/// <param name="DefaultDuration">The default window in seconds.</param>
public sealed record RateLimitTag(string Tag, int DefaultMaxRequests = 0, int DefaultDuration = 0);
