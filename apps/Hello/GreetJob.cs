using System.Text.Json.Nodes;
using Strata.Core.Jobs;
using Strata.Core.Records;

namespace Hello;

/// <summary>Greets the author of a new message by writing a <c>greetings</c> record.</summary>
/// <param name="greeter">Writes the text.</param>
public sealed class GreetJob(Greeter greeter)
{
    /// <summary>The job name.</summary>
    public const string Name = "greet";

    /// <summary>The queue it runs on.</summary>
    public const string Queue = "hello";

    /// <summary>
    /// Runs the job. It may run again after a crash (at-least-once), so it checks for its own effect first; the
    /// unique index on <c>greetings.message</c> backs that up.
    /// </summary>
    /// <param name="ctx">The job and the engine.</param>
    /// <param name="ct">Cancelled only when shutdown cannot wait.</param>
    public async Task RunAsync(JobContext ctx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var records = ctx.Engine.Records;
        var id = ctx.Job.Payload?["message"]?.GetValue<string>() ?? "";
        var message = await records.Query("messages").Where("id = {:id}", new() { ["id"] = id }).Expand("author").FirstAsync(ct);
        if (message is null)
        {
            return;     // deleted before we got to it
        }

        if (await records.Query("greetings").Where("message = {:id}", new() { ["id"] = id }).FirstAsync(ct) is not null)
        {
            return;     // done by an earlier run
        }

        var author = message.Expand?.GetValueOrDefault("author") as Record;
        await records.CreateAsync(records.Collection("greetings"),
            new JsonObject { ["message"] = id, ["text"] = greeter.Greet(author?.GetString("name") ?? "") },
            RequestInfo.Server, ct);
    }
}
