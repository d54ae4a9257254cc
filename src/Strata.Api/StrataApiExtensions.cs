using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Api.Apis;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;

namespace Strata.Api;

/// <summary>Registers and maps the Strata HTTP API on an ASP.NET Core application.</summary>
public static class StrataApiExtensions
{
    /// <summary>Registers the engine and the services the endpoints use.</summary>
    /// <param name="services">The services.</param>
    /// <param name="engine">The opened engine.</param>
    public static IServiceCollection AddStrataApi(this IServiceCollection services, StrataEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        services.AddSingleton(engine);
        services.AddSingleton(new TokenService(engine.Clock));
        services.AddSingleton(sp => new AuthService(engine.Records, sp.GetRequiredService<TokenService>()));
        services.AddSingleton(new Core.Mail.Mailer(engine.Settings));
        services.AddSingleton(sp => new AuthFlows(engine.Records, sp.GetRequiredService<TokenService>(), sp.GetRequiredService<Core.Mail.Mailer>(), engine.Clock));
        return services;
    }

    /// <summary>Adds the Strata middleware (errors, CORS, auth) in the right order.</summary>
    /// <param name="app">The application.</param>
    public static IApplicationBuilder UseStrataMiddleware(this IApplicationBuilder app)
    {
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<CorsMiddleware>();
        app.UseMiddleware<AuthMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        return app;
    }

    /// <summary>Maps every Strata endpoint.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapStrataApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthApi();
        app.MapCollectionsApi();
        app.MapRecordAuthApi();
        app.MapRecordsApi();
        app.MapSettingsApi();
        app.MapMailApi();
        app.MapBatchApi();
        app.MapJobsApi();
        app.MapCronsApi();
        app.MapWebhooksApi();
        app.MapSessionsApi();
        app.MapApiKeysApi();
        app.MapGuestAuthApi();
        app.MapRealtimeApi();
        app.MapOAuth2RedirectApi();
        app.MapRealtimeSocketApi();
        app.MapFilesApi();
        return app;
    }
}
