using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

/// <summary>The auth endpoints of contract §4 for any auth collection.</summary>
public static partial class RecordAuthApi
{
    /// <summary>Maps the endpoints under <c>/api/collections/{collection}</c>.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapRecordAuthApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/collections/{collection}");
        g.MapGet("/auth-methods", Methods);
        g.MapPost("/auth-with-password", PasswordLogin).RateLimit("auth");
        g.MapPost("/auth-refresh", Refresh).RateLimit("auth");
        MapEmailFlows(g);
        g.MapPost("/request-otp", RequestOtp).RateLimit("auth");
        g.MapPost("/auth-with-otp", OtpLogin).RateLimit("auth");
        g.MapPost("/auth-with-oauth2", OAuth2Login).RateLimit("auth");
        g.MapPost("/impersonate/{id}", Impersonate);
        return app;
    }

    private static async Task<JsonResponse> PasswordLogin(HttpContext context, StrataEngine engine, AuthService auth, AuthFlows flows, string collection)
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

        return await CompleteAsync(context, engine, auth, flows, record, "password", MfaId(context, body));
    }

    private static async Task<JsonResponse> Refresh(HttpContext context, StrataEngine engine, AuthService auth, string collection)
    {
        var c = AuthCollection(engine, collection);
        var state = context.Strata();
        var record = RequireAuthOf(context, c);
        if (!state.Refreshable)
        {
            // Impersonation tokens are echoed back, never extended.
            var header = context.Request.Headers.Authorization.FirstOrDefault() ?? "";
            var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
            await CheckAuthRuleAsync(engine, record, context);
            return JsonResponse.Auth(token, record, new RecordView(context.RequestInfo(), alwaysShowEmail: true));
        }

        await CheckAuthRuleAsync(engine, record, context);
        return await RespondAsync(context, engine, auth, record, "refresh", refreshable: true, duration: 0, meta: null, sessionId: state.SessionId);
    }

    /// <summary>
    /// Ends a successful first-factor login: authRule, then MFA (401 <c>{mfaId}</c> when a second factor is needed),
    /// then the token through <see cref="AuthService.IssueAuthTokenAsync"/>.
    /// </summary>
    private static async Task<JsonResponse> CompleteAsync(HttpContext context, StrataEngine engine, AuthService auth, AuthFlows flows,
        Record record, string method, string mfaId, JsonObject? meta = null)
    {
        await CheckAuthRuleAsync(engine, record, context);
        var pending = await flows.CheckMfaAsync(record, method, mfaId, context.RequestAborted);
        if (pending is not null)
        {
            return JsonResponse.Of(new JsonObject { ["mfaId"] = pending }, StatusCodes.Status401Unauthorized);
        }

        return await RespondAsync(context, engine, auth, record, mfaId.Length > 0 ? "mfa" : method, refreshable: true, duration: 0, meta);
    }

    /// <summary>
    /// Issues a token (in a new server-side session, or in <paramref name="sessionId"/> for a refresh) and writes the
    /// auth response of contract §4, with the auth request hooks around it. The caller has checked the authRule.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="engine">The engine.</param>
    /// <param name="auth">The auth service.</param>
    /// <param name="record">The authenticated record.</param>
    /// <param name="method">How it authenticated (password, refresh, otp, oauth2, mfa, impersonate, guest); also the expand's <c>@request.context</c>.</param>
    /// <param name="refreshable">False for impersonation tokens.</param>
    /// <param name="duration">Token lifetime in seconds; 0 for the collection's.</param>
    /// <param name="meta">The OAuth2 <c>meta</c> object, or null.</param>
    /// <param name="sessionId">The session of a refreshed token, or null for a new session.</param>
    internal static async Task<JsonResponse> RespondAsync(HttpContext context, StrataEngine engine, AuthService auth, Record record, string method,
        bool refreshable, long duration, JsonObject? meta, string? sessionId = null)
    {
        var request = new RequestInfo { Auth = record, Method = context.Request.Method, Context = method == "refresh" ? "default" : method };
        // Every auth endpoint answers through here, so the auth hooks run in this one place.
        var e = new RecordAuthEvent(record.Collection, context.RequestInfo(), record, method) { Engine = engine };
        await engine.Hooks.RunAsync(e, async () =>
        {
            e.Token = await auth.IssueAuthTokenAsync(record, method, refreshable, duration, Client(context, engine), sessionId, context.RequestAborted);
            await RecordsApi.ExpandAsync(context, engine, record, request);
        });
        return e.Responded ? JsonResponse.Of(e.ResponseBody, e.ResponseStatus)
            : JsonResponse.Auth(e.Token ?? throw RecordsApi.NoResponse("record auth", record.Collection), record, new RecordView(request, alwaysShowEmail: true), meta);
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

    private static Record RequireAuthOf(HttpContext context, Collection c)
    {
        var record = context.Strata().RequireAuth();
        return record.Collection.Id != c.Id
            ? throw StrataException.Forbidden($"The request requires auth record from {c.Name} collection.")
            : record;
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

    /// <summary>The <c>mfaId</c> of the query, or else of the body (the SDK sends it as a query parameter).</summary>
    private static string MfaId(HttpContext context, JsonObject body) =>
        context.Request.Query["mfaId"].FirstOrDefault() is { Length: > 0 } q ? q : Text(body, "mfaId");

    /// <summary>A body value as text ("" when missing).</summary>
    /// <param name="body">The body.</param>
    /// <param name="key">The key.</param>
    internal static string Text(JsonObject body, string key) =>
        body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : body[key] is JsonValue n ? n.ToJsonString() : "";
}
