using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core.Jobs;
using Strata.Core.Records;

namespace Hello;

/// <summary>An hourly digest: how many messages the guestbook holds, one <c>digests</c> record per hour.</summary>
public static class DigestCron
{
    /// <summary>The cron id (listed by <c>GET /api/crons</c>).</summary>
    public const string Id = "digest";

    /// <summary>At minute 0 of every hour (UTC).</summary>
    public const string Schedule = "0 * * * *";

    /// <summary>Writes the digest of the current hour, once.</summary>
    /// <param name="ctx">The job and the engine.</param>
    /// <param name="ct">Cancelled only when shutdown cannot wait.</param>
    public static async Task RunAsync(JobContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var records = ctx.Engine.Records;
        var hour = ctx.Engine.Clock.GetUtcNow().ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
        if (await records.Query("digests").Where("hour = {:hour}", new() { ["hour"] = hour }).FirstAsync(ct) is not null)
        {
            return;
        }

        var total = (await records.Query("messages").Page(1, 1).ListAsync(ct)).TotalItems;
        await records.CreateAsync(records.Collection("digests"), new JsonObject { ["hour"] = hour, ["messages"] = total }, RequestInfo.Server, ct);
    }
}
