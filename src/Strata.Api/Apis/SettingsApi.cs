using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;

namespace Strata.Api.Apis;

/// <summary>The settings API of contract §8.2 (superusers only).</summary>
public static class SettingsApi
{
    /// <summary>Maps the endpoints under <c>/api/settings</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/settings").RequireSuperuser();
        g.MapGet("", (StrataEngine engine) => JsonResponse.Of(engine.Settings.Redacted()));
        g.MapPatch("", Update);
        return app;
    }

    private static async Task<JsonResponse> Update(HttpContext context, StrataEngine engine)
    {
        var patch = await RequestBody.ReadJsonAsync(context);
        await engine.Settings.UpdateAsync(patch, context.RequestAborted);
        return JsonResponse.Of(engine.Settings.Redacted());
    }
}
