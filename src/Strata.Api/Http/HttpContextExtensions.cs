using Microsoft.AspNetCore.Http;
using Strata.Core.Records;

namespace Strata.Api.Http;

/// <summary>Access to the per-request Strata state.</summary>
public static class HttpContextExtensions
{
    /// <summary>The Strata state of the request (a guest when the auth middleware did not run).</summary>
    /// <param name="context">The context.</param>
    public static StrataRequest Strata(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Features.Get<StrataRequest>() is { } r)
        {
            return r;
        }

        var guest = new StrataRequest();
        context.Features.Set(guest);
        return guest;
    }

    /// <summary>The <c>@request.*</c> view of the request.</summary>
    /// <param name="context">The context.</param>
    public static RequestInfo RequestInfo(this HttpContext context) => context.Strata().Info(context);
}
