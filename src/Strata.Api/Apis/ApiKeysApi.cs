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
/// API keys under <c>/api/strata/api-keys</c>: superusers create keys acting as any auth record; a record creates keys
/// for itself when its collection's <c>apiKeys.selfService</c> is on. The secret is returned once, at creation.
/// </summary>
public static class ApiKeysApi
{
    private const string Failed = "Failed to create the API key.";

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/strata/api-keys");
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapDelete("/{id}", Revoke);
        return app;
    }

    private static async Task<JsonResponse> Create(HttpContext context, StrataEngine engine, AuthService auth)
    {
        var state = context.Strata();
        var me = state.RequireAuth();
        var superuser = state.Info(context).IsSuperuser;
        if (!superuser && me.Collection.Auth?.ApiKeysSelfService != true)
        {
            throw StrataException.Forbidden("The collection is not configured to let its records create API keys.");
        }

        var body = await RequestBody.ReadJsonAsync(context);
        var errors = new ValidationErrors();
        var scopes = ReadScopes(engine, body["scopes"], errors);
        var expiresIn = body["expiresIn"];
        DateTimeOffset? expires = null;
        if (expiresIn is not null)
        {
            if (expiresIn is JsonValue ev && ev.TryGetValue<double>(out var seconds) && seconds >= 1 && seconds <= 10L * 366 * 86400)
            {
                expires = engine.Clock.GetUtcNow().AddSeconds(Math.Floor(seconds));
            }
            else
            {
                errors.Add("expiresIn", new FieldError("validation_invalid_value", "Must be a number of seconds from 1 to 10 years."));
            }
        }

        var name = RecordAuthApi.Text(body, "name").Trim();
        var role = RecordAuthApi.Text(body, "role").Trim();
        if (name.Length > 200)
        {
            errors.Add("name", new FieldError("validation_max_text_constraint", "Must be at most 200 characters."));
        }

        if (role.Length > 100)
        {
            errors.Add("role", new FieldError("validation_max_text_constraint", "Must be at most 100 characters."));
        }

        var actingAs = await ActingAsAsync(engine, body, me, superuser, errors, context.RequestAborted);
        errors.ThrowIfAny(Failed);
        var key = await auth.ApiKeys.CreateAsync(name, actingAs!, role, scopes, expires, me.Id, context.RequestAborted);
        return JsonResponse.Of(key.ToJson());
    }

    private static async Task<JsonResponse> List(HttpContext context, AuthService auth)
    {
        var state = context.Strata();
        var me = state.RequireAuth();
        var keys = state.Info(context).IsSuperuser
            ? await auth.ApiKeys.ListAsync(null, null, context.RequestAborted)
            : await auth.ApiKeys.ListAsync(me.Collection.Id, me.Id, context.RequestAborted);
        return JsonResponse.Of(new JsonArray([.. keys.Select(k => (JsonNode)k.ToJson())]));
    }

    private static async Task<IResult> Revoke(HttpContext context, AuthService auth, string id)
    {
        var key = await auth.ApiKeys.GetAsync(id, context.RequestAborted);
        context.Strata().RequireOwnerOrSuperuser(key is not null, key?.CollectionId ?? "", key?.RecordId ?? "");
        await auth.ApiKeys.RevokeAsync(id, context.RequestAborted);
        return TypedResults.NoContent();
    }

    /// <summary>The record the key acts as: the creator, or for a superuser any auth record named by collection + recordId.</summary>
    private static async Task<Record?> ActingAsAsync(StrataEngine engine, JsonObject body, Record me, bool superuser, ValidationErrors errors, CancellationToken cancellationToken)
    {
        var collectionName = RecordAuthApi.Text(body, "collection");
        var recordId = RecordAuthApi.Text(body, "recordId");
        if (recordId.Length == 0 || (recordId == me.Id && (collectionName.Length == 0 || engine.Schema.Current.Find(collectionName)?.Id == me.Collection.Id)))
        {
            return me;
        }

        if (!superuser)
        {
            errors.Add("recordId", new FieldError("validation_invalid_value", "A key can only act as its creator."));
            return null;
        }

        var collection = engine.Schema.Current.Find(collectionName);
        if (collection?.Auth is null)
        {
            errors.Add("collection", new FieldError("validation_invalid_collection", "Must be an auth collection."));
            return null;
        }

        var record = await engine.Records.FindAsync(collection, recordId, cancellationToken);
        if (record is null)
        {
            errors.Add("recordId", new FieldError("validation_missing_record", "The record does not exist."));
        }

        return record;
    }

    private static List<ApiKeyScope> ReadScopes(StrataEngine engine, JsonNode? node, ValidationErrors errors)
    {
        var scopes = new List<ApiKeyScope>();
        if (node is not JsonArray { Count: > 0 } array)
        {
            errors.Add("scopes", new FieldError("validation_required", "Give at least one scope: {\"collection\": \"posts\", \"actions\": [\"list\", \"view\"]}."));
            return scopes;
        }

        foreach (var item in array)
        {
            var name = item is JsonObject o ? RecordAuthApi.Text(o, "collection") : "";
            var actions = (item?["actions"] as JsonArray)?.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToList() ?? [];
            var collection = name == "*" ? null : engine.Schema.Current.Find(name);
            if (name != "*" && collection is null)
            {
                errors.Add("scopes", new FieldError("validation_invalid_collection", $"Unknown collection \"{name}\"."));
                continue;
            }

            if (actions.Count == 0 || actions.Any(a => !ApiKeyScope.AllActions.Contains(a, StringComparer.Ordinal)))
            {
                errors.Add("scopes", new FieldError("validation_in_invalid", "Actions are list, view, create, update and delete."));
                continue;
            }

            scopes.Add(new ApiKeyScope(collection?.Id ?? "*", [.. actions.Distinct(StringComparer.Ordinal)]));
        }

        return scopes;
    }
}
