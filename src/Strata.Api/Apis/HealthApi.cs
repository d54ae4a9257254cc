using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;

namespace Strata.Api.Apis;

/// <summary><c>GET /api/health</c> (contract §8.1).</summary>
public static class HealthApi
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/api/health", ["GET", "HEAD"], Health);
        return app;
    }

    private static JsonResponse Health(HttpContext context)
    {
        var data = new JsonObject();
        if (context.Strata().Auth?.Collection.Name == Core.Records.RequestInfo.SuperusersCollection)
        {
            data["canBackup"] = false;
            data["realIP"] = context.Connection.RemoteIpAddress?.ToString() ?? "";
            data["possibleProxyHeader"] = "";
        }

        return JsonResponse.Of(new JsonObject { ["code"] = 200, ["message"] = "API is healthy.", ["data"] = data });
    }
}
