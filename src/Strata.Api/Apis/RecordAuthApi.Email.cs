using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

public static partial class RecordAuthApi
{
    /// <summary>The 204 endpoints of contract §4.4–4.6: verification, password reset and email change.</summary>
    private static void MapEmailFlows(RouteGroupBuilder g)
    {
        g.MapPost("/request-verification", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) => f.RequestVerificationAsync(c, Text(b, "email"), ctx.RequestAborted)));
        g.MapPost("/confirm-verification", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) => f.ConfirmVerificationAsync(c, Text(b, "token"), ctx.RequestAborted)));
        g.MapPost("/request-password-reset", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) => f.RequestPasswordResetAsync(c, Text(b, "email"), ctx.RequestAborted)));
        g.MapPost("/confirm-password-reset", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) =>
                f.ConfirmPasswordResetAsync(c, Text(b, "token"), Text(b, "password"), Text(b, "passwordConfirm"), ctx.RequestAborted)));
        g.MapPost("/request-email-change", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) => f.RequestEmailChangeAsync(RequireAuthOf(ctx, c), Text(b, "newEmail"), ctx.RequestAborted)));
        g.MapPost("/confirm-email-change", (HttpContext ctx, StrataEngine e, AuthFlows f, string collection) =>
            NoContentAsync(ctx, e, collection, (c, b) => f.ConfirmEmailChangeAsync(c, Text(b, "token"), Text(b, "password"), ctx.RequestAborted)));
    }

    private static async Task<NoContent> NoContentAsync(HttpContext context, StrataEngine engine, string collection, Func<Collection, JsonObject, Task> action)
    {
        var c = AuthCollection(engine, collection);
        var body = (await RequestBody.ReadAsync(context)).Data;
        await action(c, body);
        return TypedResults.NoContent();
    }
}
