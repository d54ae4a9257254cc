using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core;
using Strata.Core.RateLimits;

namespace Strata.Api.Http;

/// <summary>
/// Applies the <c>rateLimits</c> rules to each request after auth: every rule whose label matches the request counts
/// it per client (the auth record when signed in, else the IP) and a request over any limit gets 429 with
/// <c>Retry-After</c>. Without rules (and without route defaults) it costs nothing.
/// </summary>
public sealed class RateLimitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly StrataEngine _engine;

    /// <summary>Creates the middleware.</summary>
    /// <param name="next">The next delegate.</param>
    /// <param name="engine">The engine.</param>
    public RateLimitMiddleware(RequestDelegate next, StrataEngine engine)
    {
        _next = next;
        _engine = engine;
    }

    /// <summary>Runs the pipeline.</summary>
    /// <param name="context">The context.</param>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limiter = _engine.RateLimits;
        var rules = limiter.Rules;
        var tags = context.GetEndpoint()?.Metadata.GetOrderedMetadata<RateLimitTag>() ?? [];
        if (_engine.Settings.RateLimits.Enabled && (HasRequestRule(rules) || tags.Any(t => t.DefaultMaxRequests > 0)))
        {
            await EnforceAsync(context, limiter, rules, tags);
        }

        await _next(context);
    }

    private async Task EnforceAsync(HttpContext context, RateLimiter limiter, IReadOnlyList<RateLimitRule> rules, IReadOnlyList<RateLimitTag> tags)
    {
        var ip = ClientAddress.Of(context, _engine.Settings);
        if (limiter.ExcludedIps.Contains(ip, StringComparer.Ordinal))
        {
            return;
        }

        var auth = context.Strata().Auth;
        var client = auth is null ? "ip:" + ip : "auth:" + auth.Collection.Id + ":" + auth.Id;
        var collection = context.GetRouteValue("collection") as string ?? "";
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Label == RateLimitRule.FailedAuth || !AudienceMatches(rule.Audience, auth is not null) ||
                Match(rule.Label, context.Request.Method, context.Request.Path.Value ?? "", tags, collection) is not { } tag)
            {
                continue;
            }

            covered.Add(tag);
            await limiter.EnforceAsync(rule, client, context.RequestAborted);
        }

        foreach (var tag in tags)
        {
            if (tag.DefaultMaxRequests > 0 && !covered.Contains(tag.Tag))
            {
                await limiter.EnforceAsync(new RateLimitRule(tag.Tag, tag.DefaultMaxRequests, Math.Max(1, tag.DefaultDuration)), client, context.RequestAborted);
            }
        }
    }

    /// <summary>Whether any rule counts requests (the failed-login rule is counted by the login itself).</summary>
    private static bool HasRequestRule(IReadOnlyList<RateLimitRule> rules)
    {
        foreach (var rule in rules)
        {
            if (rule.Label != RateLimitRule.FailedAuth)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AudienceMatches(string audience, bool signedIn) => audience switch
    {
        "@guest" => !signedIn,
        "@auth" => signedIn,
        _ => true,
    };

    /// <summary>What the label matched: the tag it names, or the label itself for path rules; null when it does not match.</summary>
    private static string? Match(string label, string method, string path, IReadOnlyList<RateLimitTag> tags, string collection)
    {
        var space = label.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            return string.Equals(label[..space], method, StringComparison.OrdinalIgnoreCase) && PathMatches(label[(space + 1)..].Trim(), path) ? label : null;
        }

        if (label.StartsWith('/'))
        {
            return PathMatches(label, path) ? label : null;
        }

        var colon = label.IndexOf(':', StringComparison.Ordinal);
        var scope = colon > 0 ? label[..colon] : "*";
        var name = colon > 0 ? label[(colon + 1)..] : label;
        return tags.Any(t => t.Tag == name) && (scope == "*" || string.Equals(scope, collection, StringComparison.OrdinalIgnoreCase)) ? name : null;
    }

    private static bool PathMatches(string rule, string path) =>
        rule.EndsWith('/') ? path.StartsWith(rule, StringComparison.Ordinal) || path + "/" == rule : string.Equals(rule, path, StringComparison.Ordinal);
}
