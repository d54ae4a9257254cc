using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;

namespace Strata.Api.Apis;

/// <summary>
/// Guest sign-in under <c>/api/strata/collections/{collection}</c>: <c>auth-as-guest</c> creates a guest record and
/// answers with the normal auth response; <c>upgrade-guest</c> gives it an email and password, keeping its id.
/// </summary>
public static class GuestAuthApi
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapGuestAuthApi(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/strata/collections/{collection}");
        g.MapPost("/auth-as-guest", SignIn).RateLimit("auth");
        g.MapPost("/upgrade-guest", Upgrade).RateLimit("auth");
        return app;
    }

    private static async Task<JsonResponse> SignIn(HttpContext context, StrataEngine engine, AuthService auth, string collection)
    {
        var c = RecordAuthApi.AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        var record = await auth.Guests.CreateAsync(c, body, context.RequestAborted);
        await RecordAuthApi.CheckAuthRuleAsync(engine, record, context);
        return await RecordAuthApi.RespondAsync(context, engine, auth, record, "guest", refreshable: true, duration: 0, meta: null);
    }

    private static async Task<JsonResponse> Upgrade(HttpContext context, StrataEngine engine, AuthService auth, string collection)
    {
        var c = RecordAuthApi.AuthCollection(engine, collection);
        var state = context.Strata();
        var me = state.RequireAuth();
        if (me.Collection.Id != c.Id)
        {
            throw StrataException.Forbidden($"The request requires auth record from {c.Name} collection.");
        }

        var body = (await RequestBody.ReadAsync(context)).Data;
        var record = await auth.Guests.UpgradeAsync(me, RecordAuthApi.Text(body, "email"), RecordAuthApi.Text(body, "password"),
            RecordAuthApi.Text(body, "passwordConfirm"), context.RequestAborted);
        // The guest's sessions held tokens signed with the old tokenKey: close them and open a fresh one.
        await auth.Sessions.RevokeAllAsync(c.Id, me.Id, null, context.RequestAborted);
        await RecordAuthApi.CheckAuthRuleAsync(engine, record, context);
        return await RecordAuthApi.RespondAsync(context, engine, auth, record, "password", refreshable: true, duration: 0, meta: null);
    }
}
