using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Strata.Api.Http;

/// <summary>Guards shared by groups of endpoints.</summary>
public static class RouteGroupExtensions
{
    /// <summary>Every endpoint of the group answers 401 to guests and 403 to non-superusers (contract §2.5).</summary>
    /// <param name="group">The group.</param>
    public static RouteGroupBuilder RequireSuperuser(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.AddEndpointFilter(async (ctx, next) =>
        {
            ctx.HttpContext.Strata().RequireSuperuser();
            return await next(ctx);
        });
        return group;
    }
}
