using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Api;
using Strata.Core;

namespace Strata;

/// <summary>Runs the HTTP server on an opened engine.</summary>
public static partial class StrataServer
{
    /// <summary>Builds the web application (not yet started).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="options">The options.</param>
    /// <param name="configure">Extra service registrations (apps, tests), or null.</param>
    public static WebApplication Build(StrataEngine engine, StrataOptions options, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
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
        configure?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseStrataMiddleware();
        app.MapStrataApi();
        return app;
    }

    /// <summary>Turns <c>127.0.0.1:8090</c> (or a full URL) into a Kestrel URL.</summary>
    /// <param name="http">The address.</param>
    public static string ListenUrl(string http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || http.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? http
            : "http://" + http;
    }

    /// <summary>Serves until stopped (Ctrl+C or SIGTERM).</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task<int> RunAsync(StrataOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var engine = await StrataDatabaseFactory.OpenAsync(options, cancellationToken: cancellationToken);
        await BootstrapSuperuserAsync(engine, cancellationToken);
        await using var app = Build(engine, options);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Server started at {Url} (database: {Engine}); REST API at {Url}/api/")]
    private static partial void LogStarted(ILogger logger, string url, string engine);
}
