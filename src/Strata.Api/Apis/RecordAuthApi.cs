using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

/// <summary>The auth endpoints of contract §4 for any auth collection: methods, password login and refresh.</summary>
public static class RecordAuthApi
{
    /// <summary>Maps the endpoints under <c>/api/collections/{collection}</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRecordAuthApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/collections/{collection}");
        g.MapGet("/auth-methods", Methods);
        g.MapPost("/auth-with-password", PasswordLogin).RateLimit("auth");
        g.MapPost("/auth-refresh", Refresh).RateLimit("auth");
        return app;
    }

    private static JsonResponse Methods(StrataEngine engine, string collection)
    {
        var auth = AuthCollection(engine, collection).Auth!;
        return JsonResponse.Of(new JsonObject
        {
            ["password"] = new JsonObject
            {
                ["enabled"] = auth.PasswordAuthEnabled,
                ["identityFields"] = new JsonArray([.. (auth.PasswordAuthEnabled ? auth.IdentityFields : []).Select(f => (JsonNode)f)]),
            },
            ["oauth2"] = new JsonObject { ["enabled"] = false, ["providers"] = new JsonArray() },
            ["mfa"] = new JsonObject { ["enabled"] = false, ["duration"] = 0 },
            ["otp"] = new JsonObject { ["enabled"] = false, ["duration"] = 0 },
        });
    }

    private static async Task<JsonResponse> PasswordLogin(HttpContext context, StrataEngine engine, AuthService auth, string collection)
    {
        var c = AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        var identity = Text(body, "identity");
        var password = Text(body, "password");
        var errors = new ValidationErrors();
        if (identity.Length == 0)
        {
            errors.Add("identity", FieldError.Required());
        }

        if (password.Length == 0)
        {
            errors.Add("password", FieldError.Required());
        }

        errors.ThrowIfAny("An error occurred while validating the submitted data.");
        // At most N failed logins per identity per window (setting *:failedAuth): past it, even the right password waits.
        await engine.RateLimits.CheckFailedAuthAsync(c.Id, identity, context.RequestAborted);
        Record record;
        try
        {
            record = await auth.PasswordLoginAsync(c, identity, password, Text(body, "identityField"), context.RequestAborted);
        }
        catch (StrataException e) when (e.Status == StatusCodes.Status400BadRequest)
        {
            await engine.RateLimits.RecordFailedAuthAsync(c.Id, identity, context.RequestAborted);
            throw;
        }

        return await RespondAsync(context, engine, auth, record, sessionId: null);
    }

    private static async Task<JsonResponse> Refresh(HttpContext context, StrataEngine engine, AuthService auth, string collection)
    {
        var c = AuthCollection(engine, collection);
        var state = context.Strata();
        var record = state.RequireAuth();
        if (record.Collection.Id != c.Id)
        {
            throw StrataException.Forbidden($"The request requires auth record from {c.Name} collection.");
        }

        if (!state.Refreshable)
        {
            // Impersonation tokens are echoed back, never extended.
            var header = context.Request.Headers.Authorization.FirstOrDefault() ?? "";
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
            await CheckAuthRuleAsync(engine, record, context);
            return JsonResponse.Auth(token, record, new RecordView(context.RequestInfo(), alwaysShowEmail: true));
        }

        return await RespondAsync(context, engine, auth, record, state.SessionId);
    }

    /// <summary>
    /// Checks the authRule, issues a token (in a new session, or in <paramref name="sessionId"/> for a refresh) and writes
    /// the auth response (contract §4).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="auth">The auth service.</param>
    /// <param name="record">The authenticated record.</param>
    /// <param name="sessionId">The session of a refreshed token, or null for a new session.</param>
    /// <param name="requestContext">The <c>@request.context</c> of the expand.</param>
    internal static async Task<JsonResponse> RespondAsync(HttpContext context, StrataEngine engine, AuthService auth, Record record, string? sessionId,
        string requestContext = "password")
    {
        await CheckAuthRuleAsync(engine, record, context);
        var token = await auth.IssueAuthTokenAsync(record, refreshable: true, client: Client(context, engine), sessionId: sessionId,
            cancellationToken: context.RequestAborted);
        var request = new RequestInfo { Auth = record, Method = context.Request.Method, Context = requestContext };
        await RecordsApi.ExpandAsync(context, engine, record, request);
        return JsonResponse.Auth(token, record, new RecordView(request, alwaysShowEmail: true));
    }

    internal static async Task CheckAuthRuleAsync(StrataEngine engine, Record record, HttpContext context)
    {
        var rule = record.Collection.Auth?.AuthRule;
        if (record.Collection.Name == RequestInfo.SuperusersCollection)
        {
            return;
        }

        if (rule is null || (rule.Trim().Length > 0 && !await engine.Records.RuleHoldsAsync(record.Collection, record.Id, rule, context.RequestInfo(), context.RequestAborted)))
        {
            throw StrataException.Forbidden("The request doesn't satisfy the collection requirements to authenticate.");
        }
    }

    /// <summary>The device and address a session is opened from.</summary>
    /// <param name="context">The request.</param>
    /// <param name="engine">The engine.</param>
    internal static SessionClient Client(HttpContext context, StrataEngine engine) =>
        SessionClient.Of(context.Request.Headers.UserAgent.FirstOrDefault(), ClientAddress.Of(context, engine.Settings));

    /// <summary>The auth collection named by the route, or 404 (contract §4).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="idOrName">The collection id or name.</param>
    internal static Collection AuthCollection(StrataEngine engine, string idOrName)
    {
        var c = engine.Schema.Current.Find(idOrName);
        return c?.Auth is null || c.Type != CollectionType.Auth
            ? throw StrataException.NotFound("Missing or invalid auth collection context.")
            : c;
    }

    /// <summary>A body value as text ("" when missing).</summary>
    /// <param name="body">The body.</param>
    /// <param name="key">The key.</param>
    internal static string Text(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : body[key] is JsonValue n ? n.ToJsonString() : "";
}
