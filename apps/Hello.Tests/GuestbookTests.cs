using System.Text.Json.Nodes;
using Strata.Core.Jobs;

namespace Hello.Tests;

/// <summary>
/// The Hello app end to end over HTTP: collections from its C# migration, the record hook inside the transaction, the
/// after-commit hook that enqueues the greet job, and the request hook around lists.
/// </summary>
public sealed class GuestbookTests
{
    [Fact]
    public async Task The_code_migration_declares_the_collections_fields_rules_and_indexes()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var messages = await app.AdminAsync(HttpMethod.Get, "api/collections/messages");
        Assert.Equal(["id", "text", "author", "created"], messages!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("", messages["listRule"]!.GetValue<string>());
        Assert.Equal("@request.auth.id != ''", messages["createRule"]!.GetValue<string>());
        Assert.Equal("author = @request.auth.id", messages["updateRule"]!.GetValue<string>());

        var greetings = await app.AdminAsync(HttpMethod.Get, "api/collections/greetings");
        Assert.Contains("idx_greetings_message", greetings!["indexes"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var digests = await app.AdminAsync(HttpMethod.Get, "api/collections/digests");
        Assert.Null(digests!["listRule"]);
    }

    [Fact]
    public async Task The_record_hook_tidies_signs_and_rejects_messages_with_field_errors()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        var bob = await app.SignUpAsync("Bob");

        var (status, created) = await app.PostMessageAsync(ada, "   hi there   ");
        Assert.Equal(200, status);
        Assert.Equal("hi there", created["text"]!.GetValue<string>());
        Assert.Equal(ada.Id, created["author"]!.GetValue<string>());

        var (shoutStatus, shout) = await app.PostMessageAsync(ada, "STOP SHOUTING");
        Assert.Equal(400, shoutStatus);
        Assert.Equal("validation_no_shouting", shout["data"]!["text"]!["code"]!.GetValue<string>());

        var (forgedStatus, forged) = await app.PostMessageAsync(bob, "signed as Ada", author: ada.Id);
        Assert.Equal(400, forgedStatus);
        Assert.Equal("validation_not_yours", forged["data"]!["author"]!["code"]!.GetValue<string>());

        // Guests are refused by the createRule, after the hook.
        var (guestStatus, guest) = await app.PostMessageAsync(null, "anonymous");
        Assert.Equal(400, guestStatus);
        Assert.Equal(400, guest["status"]!.GetValue<int>());

        var all = await app.AdminAsync(HttpMethod.Get, "api/collections/messages/records");
        Assert.Equal(1, all!["totalItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_committed_message_enqueues_the_greet_job_which_writes_one_greeting()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        var (_, message) = await app.PostMessageAsync(ada, "first post");
        var id = message["id"]!.GetValue<string>();
        // A write the hook refused (rolled back) never reaches the after-commit hook.
        await app.PostMessageAsync(ada, "NOT COMMITTED");

        var greeting = await HelloHarness.EventuallyAsync(async () =>
        {
            var (_, page) = await app.SendAsync(HttpMethod.Get, "api/collections/greetings/records?filter=" + Uri.EscapeDataString($"message = '{id}'"));
            return page["items"]!.AsArray().FirstOrDefault() as JsonObject;
        }, "the greeting");
        Assert.Equal("Hello, Ada!", greeting["text"]!.GetValue<string>());

        var jobs = app.Engine.Jobs;
        var greets = (await jobs.ListAsync(queue: GreetJob.Queue)).Where(j => j.Name == GreetJob.Name).ToList();
        var job = Assert.Single(greets);
        Assert.Equal("greet:" + id, job.DedupeKey);
        await HelloHarness.EventuallyAsync(async () => (await jobs.GetAsync(job.Id))!.Status == JobStatus.Done ? "done" : null, "the job to finish");
    }

    [Fact]
    public async Task The_list_hook_gives_guests_small_pages_without_author_ids()
    {
        var (app, _) = await HelloHarness.StartAsync();
        await using var _app = app;
        var ada = await app.SignUpAsync("Ada");
        for (var i = 0; i < MessageHooks.GuestPageSize + 2; i++)
        {
            Assert.Equal(200, (await app.PostMessageAsync(ada, "message " + i)).Status);
        }

        var (status, guest) = await app.SendAsync(HttpMethod.Get, "api/collections/messages/records?perPage=50");
        Assert.Equal(200, status);
        Assert.Equal(MessageHooks.GuestPageSize, guest["perPage"]!.GetValue<int>());
        Assert.Equal(MessageHooks.GuestPageSize, guest["items"]!.AsArray().Count);
        Assert.Equal(MessageHooks.GuestPageSize + 2, guest["totalItems"]!.GetValue<int>());
        Assert.All(guest["items"]!.AsArray(), m => Assert.Equal("", m!["author"]!.GetValue<string>()));

        var (_, signedIn) = await app.SendAsync(HttpMethod.Get, "api/collections/messages/records?perPage=50", ada.Token);
        Assert.Equal(MessageHooks.GuestPageSize + 2, signedIn["items"]!.AsArray().Count);
        Assert.All(signedIn["items"]!.AsArray(), m => Assert.Equal(ada.Id, m!["author"]!.GetValue<string>()));
    }
}
