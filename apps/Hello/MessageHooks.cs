using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Jobs;

namespace Hello;

/// <summary>The hooks on the <c>messages</c> collection.</summary>
public static class MessageHooks
{
    /// <summary>Guests see at most this many messages per page.</summary>
    public const int GuestPageSize = 10;

    /// <summary>Registers the hooks.</summary>
    /// <param name="hooks">The app's hooks.</param>
    public static void Register(RecordHooks hooks)
    {
        ArgumentNullException.ThrowIfNull(hooks);
        hooks.OnCreate("messages", ValidateAsync);
        hooks.OnCommitted("messages", EnqueueGreetingAsync);
        hooks.OnRecordsList("messages", HideAuthorsFromGuestsAsync);
    }

    /// <summary>
    /// Inside the write's transaction: tidy the text, refuse shouting, and sign the message with its author.
    /// Field errors become the contract's 400 with those errors under <c>data</c>.
    /// </summary>
    private static async Task ValidateAsync(RecordEvent e, Func<Task> next)
    {
        var text = e.Record.GetString("text").Trim();
        e.Record.Set("text", text);
        if (text.Length > 3 && text == text.ToUpperInvariant() && text.Any(char.IsLetter))
        {
            e.Errors.Add("text", new FieldError("validation_no_shouting", "Please don't shout."));
        }

        var me = e.Request.Auth;
        if (me is not null && !e.Request.IsSuperuser)
        {
            var author = e.Record.GetString("author");
            if (author.Length > 0 && author != me.Id)
            {
                e.Errors.Add("author", new FieldError("validation_not_yours", "You can only sign messages as yourself."));
            }

            e.Record.Set("author", me.Id);
        }

        await next();   // validation, the insert and the createRule
    }

    /// <summary>After commit: hand the greeting to the job queue (never for a rolled-back write).</summary>
    private static Task EnqueueGreetingAsync(RecordChange change, CancellationToken ct) =>
        change.Action != RecordAction.Create
            ? Task.CompletedTask
            : change.Engine!.Jobs.EnqueueAsync(GreetJob.Name, new JsonObject { ["message"] = change.Record.Id },
                new JobOptions { Queue = GreetJob.Queue, DedupeKey = "greet:" + change.Record.Id }, ct);

    /// <summary>Around list requests: guests get smaller pages and no author ids.</summary>
    private static async Task HideAuthorsFromGuestsAsync(RecordsListEvent e, Func<Task> next)
    {
        var guest = e.Request.Auth is null;
        if (guest && e.Params.PerPage > GuestPageSize)
        {
            e.Params = e.Params with { PerPage = GuestPageSize };
        }

        await next();
        if (guest)
        {
            foreach (var message in e.Result!.Items)
            {
                message.Set("author", "");
            }
        }
    }
}
