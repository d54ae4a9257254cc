using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Api.Apis;

/// <summary>
/// The signed-in record's server-side sessions under <c>/api/strata/sessions</c>: list, log out one, log out all (or all
/// others with <c>?keep=current</c>). A superuser may name another record with <c>?collection=…&amp;recordId=…</c>.
/// </summary>
public static class SessionsApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/strata/sessions");
        g.MapGet("", List);
        g.MapDelete("", RevokeAll);
        g.MapDelete("/{id}", Revoke);
        return app;
    }

    private static async Task<JsonResponse> List(HttpContext context, StrataEngine engine, AuthService auth)
    {
        var (collectionId, recordId) = Owner(context, engine);
        var sessions = await auth.Sessions.ListAsync(collectionId, recordId, context.RequestAborted);
        var current = context.Strata().SessionId;
        return JsonResponse.Of(new JsonArray([.. sessions.Select(s => (JsonNode)s.ToJson(current))]));
    }

    private static async Task<IResult> Revoke(HttpContext context, AuthService auth, string id)
    {
        var session = await auth.Sessions.GetAsync(id, context.RequestAborted);
        context.Strata().RequireOwnerOrSuperuser(session is not null, session?.CollectionId ?? "", session?.RecordId ?? "");
        await auth.Sessions.RevokeAsync(id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<JsonResponse> RevokeAll(HttpContext context, StrataEngine engine, AuthService auth)
    {
        var (collectionId, recordId) = Owner(context, engine);
        var keep = context.Request.Query["keep"].FirstOrDefault();
        string? keepId = keep switch
        {
            null or "" => null,
            "current" => context.Strata().SessionId,
            _ => keep,
        };
        var revoked = await auth.Sessions.RevokeAllAsync(collectionId, recordId, keepId, context.RequestAborted);
        return JsonResponse.Of(new JsonObject { ["revoked"] = revoked });
    }

    /// <summary>Whose sessions: the requester's, or for a superuser the record named in the query.</summary>
    private static (string CollectionId, string RecordId) Owner(HttpContext context, StrataEngine engine)
    {
        var state = context.Strata();
        var me = state.RequireAuth();
        var recordId = context.Request.Query["recordId"].FirstOrDefault();
        if (string.IsNullOrEmpty(recordId))
        {
            return (me.Collection.Id, me.Id);
        }

        if (me.Collection.Name != RequestInfo.SuperusersCollection)
        {
            throw StrataException.Forbidden("Only superusers can manage the sessions of other records.");
        }

        var name = context.Request.Query["collection"].FirstOrDefault() ?? "";
        var collection = engine.Schema.Current.Find(name);
        return collection?.Auth is null
            ? throw StrataException.BadRequest("Missing or invalid auth collection.", new JsonObject
            {
                ["collection"] = new JsonObject { ["code"] = "validation_invalid_collection", ["message"] = "Give the auth collection of the record." },
            })
            : (collection.Id, recordId);
    }
}
