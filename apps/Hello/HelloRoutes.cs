using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Errors;

namespace Hello;

/// <summary>The app's own endpoints, next to Strata's API.</summary>
public static class HelloRoutes
{
    /// <summary>How many searches a client may make per minute.</summary>
    public const int SearchesPerMinute = 20;

    /// <summary>Maps <c>/api/hello</c>, <c>/api/hello/me</c> and <c>/api/hello/search</c>.</summary>
    /// <param name="routes">The route builder.</param>
    public static void Map(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);

        // The current auth, if any: a guest is greeted too.
        routes.MapGet("/api/hello", (HttpContext http, Greeter greeter) =>
            new { greeting = greeter.Greet(http.Strata().Auth?.GetString("name") ?? "") });

        routes.MapGet("/api/hello/me", MeAsync);
        // The rate limiter: at most SearchesPerMinute searches per client and minute (a `rateLimits` setting labelled
        // "hello-search" overrides it), then the contract's 429.
        routes.MapGet("/api/hello/search", SearchAsync).RateLimit("hello-search", SearchesPerMinute, 60);
    }

    /// <summary>
    /// The requester's own messages. <c>RequireAuth()</c> answers guests with the contract's 401; the query binds the
    /// id as a parameter (<c>{:me}</c>); the collection's updateRule is evaluated for the requester.
    /// </summary>
    private static async Task<object> MeAsync(HttpContext http, StrataEngine engine, Greeter greeter)
    {
        var me = http.Strata().RequireAuth();
        var mine = await engine.Records.Query("messages")
            .Where("author = {:me}", new() { ["me"] = me.Id })
            .OrderBy("-created,-id")
            .Page(1, 5)
            .ListAsync(http.RequestAborted);
        var latest = mine.Items.Count > 0 ? mine.Items[0] : null;
        var messages = engine.Records.Collection("messages");
        var canEditLatest = latest is not null && messages.UpdateRule is { } rule &&
            await engine.Records.RuleHoldsAsync(messages, latest.Id, rule, http.RequestInfo(), http.RequestAborted);
        return new
        {
            greeting = greeter.Greet(me.GetString("name")),
            messages = mine.TotalItems,
            latest = latest?.GetString("text"),
            canEditLatest,
        };
    }

    /// <summary>
    /// Searches messages as the requester: <c>As(request)</c> applies the collection's listRule, unlike server code's
    /// default of bypassing rules. Missing input is a 400 in the contract's shape.
    /// </summary>
    private static async Task<object> SearchAsync(HttpContext http, StrataEngine engine)
    {
        var q = http.Request.Query["q"].ToString().Trim();
        if (q.Length == 0)
        {
            var errors = new ValidationErrors();
            errors.Add("q", FieldError.Required());
            errors.ThrowIfAny("Say what to search for.");
        }

        var found = await engine.Records.Query("messages")
            .Where("text ~ {:q}", new() { ["q"] = q })
            .OrderBy("-created,-id")
            .Page(1, 20)
            .As(http.RequestInfo())
            .ListAsync(http.RequestAborted);
        return new { total = found.TotalItems, texts = found.Items.Select(m => m.GetString("text")) };
    }
}
