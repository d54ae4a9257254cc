using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Api;
using Strata.Core;
using Strata.Core.Jobs;
using Strata.Core.Sqlite;
using Strata.Core.Webhooks;

namespace Strata;

/// <summary>Runs the HTTP server on an opened engine.</summary>
public static partial class StrataServer
{
    /// <summary>Builds the web application (not yet started).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="options">The options.</param>
    /// <param name="app">The app's services and routes, or null for the plain <c>strata</c> program.</param>
    public static WebApplication Build(StrataEngine engine, StrataOptions options, StrataApp? app = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // No config reload watcher: it watches the content root (the working directory, where strata_data usually
        // lives) recursively, so every WAL write and upload would wake it. Strata's own settings live in the database.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        if (options.LogFormat.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseUrls(ListenUrl(options.Http));
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Batch bodies may hold many records; JSON bodies are capped again when read.
            k.Limits.MaxRequestBodySize = 128L * 1024 * 1024;
            k.AddServerHeader = false;
        });
        builder.Services.AddStrataApi(engine);
        var cron = app is { Jobs.Crons.Count: > 0 } ? new CronScheduler(engine, app.Jobs.Crons) : null;
        if (cron is not null)
        {
            builder.Services.AddSingleton(cron);
        }

        app?.ApplyServices(builder.Services);
        var web = builder.Build();
        var hookLogger = web.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata.Hooks");
        engine.Records.ListenerError = e => LogListenerFailed(hookLogger, e);
        var realtimeLogger = web.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata.Realtime");
        engine.Realtime.Error = e => LogRealtimeFailed(realtimeLogger, e);
        engine.Files.Warning = (message, e) => LogFilesWarning(hookLogger, e, message);
        web.UseStrataMiddleware();
        web.MapStrataApi();
        app?.ApplyRoutes(web);
        // Built-in jobs (webhook deliveries) run next to the app's own; the worker lives with the web host:
        // started with it, drained on shutdown before the engine closes.
        var handlers = app?.Jobs ?? new JobHandlers();
        handlers.Handle(WebhookService.JobName, engine.Webhooks.DeliverAsync).Queue(WebhookService.Queue, 2);
        {
            var jobLogger = web.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata.Jobs");
            var worker = new JobWorker(engine, handlers) { Lease = handlers.Lease, Error = (job, e) => LogJobFailed(jobLogger, e, job?.Name ?? "", job?.Id ?? "") };
            web.Lifetime.ApplicationStarted.Register(worker.Start);
            web.Lifetime.ApplicationStopping.Register(() => worker.StopAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult());
        }

        if (engine.Database is SqliteDatabase sqlite)
        {
            var maintenance = new SqliteMaintenance(sqlite, web.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata.Sqlite"), TimeSpan.FromMinutes(10));
            web.Lifetime.ApplicationStarted.Register(maintenance.Start);
            web.Lifetime.ApplicationStopping.Register(() => maintenance.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        if (cron is not null)
        {
            web.Lifetime.ApplicationStarted.Register(cron.Start);
            web.Lifetime.ApplicationStopping.Register(() => cron.DisposeAsync().AsTask().GetAwaiter().GetResult());
        }

        return web;
    }

    /// <summary>Turns <c>127.0.0.1:8090</c> (or a full URL) into a Kestrel URL.</summary>
    /// <param name="http">The address.</param>
    /// <exception cref="ArgumentException">The address is not HOST:PORT with a port from 0 to 65535.</exception>
    public static string ListenUrl(string http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var url = http.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || http.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? http
            : "http://" + http;
        // Kestrel quietly falls back to a default address for some malformed values; refuse them up front instead.
        var authority = url[(url.IndexOf("//", StringComparison.Ordinal) + 2)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) ||
            port is < 0 or > 65535 || !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"--http must be HOST:PORT (for example 127.0.0.1:8090 or 0.0.0.0:80), not '{http}'.", nameof(http));
        }

        return url;
    }

    /// <summary>Serves until stopped (Ctrl+C or SIGTERM).</summary>
    /// <param name="options">The options.</param>
    /// <param name="strataApp">The app's pieces, or null.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task<int> RunAsync(StrataOptions options, StrataApp? strataApp = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ListenUrl(options.Http);
        await using var engine = await StrataDatabaseFactory.OpenAsync(options, cancellationToken: cancellationToken, app: strataApp);
        await BootstrapSuperuserAsync(engine, cancellationToken);
        await using var app = Build(engine, options, strataApp);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Strata");
        await app.StartAsync(cancellationToken);
        LogStarted(logger, ListenUrl(options.Http), engine.Database.Dialect.Name);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static async Task BootstrapSuperuserAsync(StrataEngine engine, CancellationToken cancellationToken)
    {
        var email = Environment.GetEnvironmentVariable("STRATA_SUPERUSER_EMAIL");
        var password = Environment.GetEnvironmentVariable("STRATA_SUPERUSER_PASSWORD");
        if (!string.IsNullOrEmpty(email) && !string.IsNullOrEmpty(password))
        {
            await SuperuserCommands.UpsertAsync(engine, email, password, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Name} ({Id}) failed; it is retried with backoff until its attempts run out")]
    private static partial void LogJobFailed(ILogger logger, Exception e, string name, string id);

    [LoggerMessage(Level = LogLevel.Error, Message = "A committed-record listener failed; the write itself succeeded")]
    private static partial void LogListenerFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "A realtime message could not be dispatched; the others still are")]
    private static partial void LogRealtimeFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Files: {Message}")]
    private static partial void LogFilesWarning(ILogger logger, Exception? e, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Server started at {Url} (database: {Engine}); REST API at {Url}/api/")]
    private static partial void LogStarted(ILogger logger, string url, string engine);
}
