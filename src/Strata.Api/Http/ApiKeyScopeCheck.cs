using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;
using Microsoft.Extensions.DependencyInjection;

namespace Strata.Api.Http;

/// <summary>
/// API keys work on the records API only, and there only for the collections and actions of their scopes; anything
/// else (admin endpoints, batch, sessions, key management, custom routes) answers 403.
/// </summary>
public static class ApiKeyScopeCheck
{
    /// <summary>The 403 message for a request outside the key's scopes.</summary>
    public const string Message = "The API key is not allowed to perform this request.";

    /// <summary>Throws 403 unless the routed endpoint is a records action the key's scopes allow.</summary>
    /// <param name="context">The routed request.</param>
    /// <param name="key">The key.</param>
    public static void Enforce(HttpContext context, ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(key);
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimEnd('/') ?? "";
        var method = context.Request.Method;
        var action = pattern switch
        {
            "/api/collections/{collection}/records" when HttpMethods.IsGet(method) => "list",
            "/api/collections/{collection}/records" when HttpMethods.IsPost(method) => "create",
            "/api/collections/{collection}/records/{id}" when HttpMethods.IsGet(method) => "view",
            "/api/collections/{collection}/records/{id}" when HttpMethods.IsPatch(method) => "update",
            "/api/collections/{collection}/records/{id}" when HttpMethods.IsDelete(method) => "delete",
            _ => null,
        };
        var name = context.GetRouteValue("collection") as string ?? "";
        var collection = action is null ? null : context.RequestServices.GetRequiredService<StrataEngine>().Schema.Current.Find(name);
        if (collection is null || !key.Allows(collection.Id, action!))
        {
            throw StrataException.Forbidden(Message);
        }
    }
}
