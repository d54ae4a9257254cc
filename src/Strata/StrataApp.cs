using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Hooks;
using Strata.Core.Jobs;
using Strata.Core.Migrations;
using Strata.Core.Realtime;

namespace Strata;

/// <summary>
/// The entry point of an app built on Strata: the same command line (<c>serve</c>, <c>superuser</c>, <c>migrate</c>)
/// and HTTP API as the <c>strata</c> program, plus the app's own services, record hooks and routes.
/// <code>
/// var app = StrataApp.Create(args);
/// app.Hooks.OnCreate("posts", async (e, next) => { e.Record.Set("slug", Slug(e.Record.GetString("title"))); await next(); });
/// app.MapRoutes(r => r.MapGet("/api/hello", (HttpContext c) => new { hello = c.Strata().Auth?.Id ?? "guest" }));
/// return await app.RunAsync();
/// </code>
/// </summary>
public sealed class StrataApp
{
    private readonly string[] _args;
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly List<Action<IEndpointRouteBuilder>> _routes = [];

    private StrataApp(string[] args) => _args = args;

    /// <summary>The record hooks of the app (handlers around writes, listeners for committed changes).</summary>
    public RecordHooks Hooks { get; } = new();

    /// <summary>The app's job handlers and queue concurrency; <c>serve</c> runs a worker for them.</summary>
    public JobHandlers Jobs { get; } = new();

    /// <summary>
    /// The app's C# migrations (collections, rules, indexes, data), run in name order with migration files by
    /// <c>serve</c> and <c>migrate up</c>, reverted by <c>migrate down</c>.
    /// </summary>
    public List<ICodeMigration> Migrations { get; } = [];

    /// <summary>
    /// Realtime limits and the WebSocket channel rules, e.g.
    /// <c>app.Realtime.Channel("room:{id}", "members.id ?= @request.auth.id", collection: "rooms")</c>.
    /// </summary>
    public RealtimeOptions Realtime { get; } = new();

    /// <summary>Creates an app from the command-line arguments.</summary>
    /// <param name="args">The arguments, e.g. <c>serve --http 0.0.0.0:8090</c>.</param>
    public static StrataApp Create(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new StrataApp(args);
    }

    /// <summary>Registers services in the web application's container (the usual .NET dependency injection).</summary>
    /// <param name="configure">The registrations.</param>
    public StrataApp ConfigureServices(Action<IServiceCollection> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _services.Add(configure);
        return this;
    }

    /// <summary>
    /// Adds the app's own endpoints. They run after Strata's middleware, so <c>HttpContext.Strata()</c> gives the
    /// authenticated record, <c>RequireAuth()</c>/<c>RequireSuperuser()</c> guard them, and a thrown
    /// <see cref="Core.Errors.StrataException"/> becomes the contract's error body.
    /// </summary>
    /// <param name="map">Maps the endpoints.</param>
    public StrataApp MapRoutes(Action<IEndpointRouteBuilder> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        _routes.Add(map);
        return this;
    }

    /// <summary>Runs the command line and returns its exit code.</summary>
    public Task<int> RunAsync() => StrataCli.Build(this).Parse(_args).InvokeAsync();

    /// <summary>Runs the command line and returns its exit code (blocking).</summary>
    public int Run() => RunAsync().GetAwaiter().GetResult();

    /// <summary>Applies the app's service registrations.</summary>
    /// <param name="services">The container.</param>
    internal void ApplyServices(IServiceCollection services)
    {
        foreach (var configure in _services)
        {
            configure(services);
        }
    }

    /// <summary>Maps the app's routes.</summary>
    /// <param name="routes">The route builder.</param>
    internal void ApplyRoutes(IEndpointRouteBuilder routes)
    {
        foreach (var map in _routes)
        {
            map(routes);
        }
    }
}
