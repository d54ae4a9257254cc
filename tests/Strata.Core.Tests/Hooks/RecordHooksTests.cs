using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Testing;
using Xunit;
using Record = Strata.Core.Records.Record;

namespace Strata.Core.Tests.Hooks;

/// <summary>Hooks run inside the write's transaction; committed changes are delivered only after commit.</summary>
public sealed class RecordHooksTests : IAsyncLifetime
{
    private static readonly RequestInfo Superuser = new() { Auth = new Record(CollectionDefaults.Superusers()) };
    private TestDatabase _db = null!;
    private StrataEngine _engine = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _engine = await StrataEngine.OpenAsync(_db.Open(), new EngineOptions());
        foreach (var json in new[]
        {
            """{"name":"authors","listRule":"","viewRule":"","createRule":"","fields":[{"name":"name","type":"text"}]}""",
            """{"name":"posts","listRule":"","viewRule":"","createRule":"title != 'forbidden'","fields":[{"name":"title","type":"text"},{"name":"slug","type":"text"},{"name":"author","type":"relation","collectionId":"authors","maxSelect":1,"cascadeDelete":true}]}""",
            """{"name":"audit","fields":[{"name":"note","type":"text"}]}""",
        })
        {
            var c = CollectionJson.Read(JsonDocument.Parse(json).RootElement, null);
            CollectionDefaults.ApplyNew(c);
            await _engine.Schema.CreateAsync(c);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Collection C(string name) => _engine.Records.Collection(name);

    private async Task<long> CountAsync(string collection) =>
        (await _engine.Records.ListAsync(C(collection), Superuser, new ListParams { PerPage = 1 })).TotalItems;

    [Fact]
    public async Task A_create_hook_can_change_the_record_before_it_is_written()
    {
        _engine.Hooks.OnCreate("posts", async (e, next) =>
        {
            e.Record.Set("slug", e.Record.GetString("title").ToLowerInvariant().Replace(' ', '-'));
            await next();
        });
        var r = await _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "Hello World" }, Superuser);
        Assert.Equal("hello-world", (await _engine.Records.FindAsync(C("posts"), r.Id))!.GetString("slug"));
    }

    [Fact]
    public async Task A_hook_can_add_field_errors_or_reject_and_nothing_is_written()
    {
        _engine.Hooks.OnCreate("posts", async (e, next) =>
        {
            if (e.Record.GetString("title").Length < 3)
            {
                e.Errors.Add("title", new FieldError("validation_too_short_for_app", "Titles need three letters."));
            }

            if (e.Record.GetString("title") == "stop")
            {
                throw StrataException.Forbidden("Stopped by the app.");
            }

            await next();
        });
        var e1 = await Assert.ThrowsAsync<StrataException>(() => _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "ab" }, Superuser));
        Assert.Equal(400, e1.Status);
        Assert.Equal("validation_too_short_for_app", e1.ErrorData["title"]!["code"]!.GetValue<string>());
        var e2 = await Assert.ThrowsAsync<StrataException>(() => _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "stop" }, Superuser));
        Assert.Equal(403, e2.Status);
        Assert.Equal(0, await CountAsync("posts"));
    }

    [Fact]
    public async Task Work_a_hook_does_in_the_transaction_rolls_back_with_the_write()
    {
        _engine.Hooks.OnCreate("posts", async (e, next) =>
        {
            // Written in the same transaction: it must vanish when the create rule rejects the post below.
            await _engine.Records.CreateAsync(e.Transaction, C("audit"), new JsonObject { ["note"] = "creating " + e.Record.GetString("title") }, Superuser);
            await next();
        });
        var guest = RequestInfo.Guest;
        await Assert.ThrowsAsync<StrataException>(() => _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "forbidden" }, guest));
        Assert.Equal(0, await CountAsync("audit"));
        await _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "fine" }, guest);
        Assert.Equal(1, await CountAsync("audit"));
    }

    [Fact]
    public async Task Committed_changes_arrive_after_commit_including_cascades_and_never_for_failed_writes()
    {
        var seen = new List<string>();
        var countsAtDelivery = new List<long>();
        _engine.Hooks.OnCommitted(null, async (change, ct) =>
        {
            seen.Add($"{change.Action}:{change.Record.Collection.Name}:{change.Record.GetString(change.Record.Collection.Name == "authors" ? "name" : "title")}");
            countsAtDelivery.Add(await CountAsync("posts"));
        });
        _engine.Hooks.OnCommitted("posts", (_, _) => throw new InvalidOperationException("a broken listener"));
        var errors = new List<Exception>();
        _engine.Records.ListenerError = errors.Add;

        var author = await _engine.Records.CreateAsync(C("authors"), new JsonObject { ["name"] = "Ann" }, Superuser);
        var post = await _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "p1", ["author"] = author.Id }, Superuser);
        await _engine.Records.UpdateAsync(C("posts"), post.Id, new JsonObject { ["title"] = "p1b" }, Superuser);
        await Assert.ThrowsAsync<StrataException>(() => _engine.Records.CreateAsync(C("posts"), new JsonObject { ["title"] = "forbidden" }, RequestInfo.Guest));
        await _engine.Records.DeleteAsync(C("authors"), author.Id, Superuser);

        Assert.Equal(["Create:authors:Ann", "Create:posts:p1", "Update:posts:p1b", "Delete:posts:p1b", "Delete:authors:Ann"], seen);
        // The listener saw the committed state: the post existed after its create and was gone after the cascade.
        Assert.Equal([0L, 1L, 1L, 0L, 0L], countsAtDelivery);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public async Task A_transaction_publishes_all_its_changes_once_or_none_on_rollback()
    {
        var seen = new List<RecordAction>();
        _engine.Hooks.OnCommitted("posts", (change, _) =>
        {
            seen.Add(change.Action);
            return Task.CompletedTask;
        });
        await _engine.Records.TransactionAsync(async tx =>
        {
            await _engine.Records.CreateAsync(tx, C("posts"), new JsonObject { ["title"] = "a" }, Superuser);
            await _engine.Records.CreateAsync(tx, C("posts"), new JsonObject { ["title"] = "b" }, Superuser);
            Assert.Empty(seen);
            return 0;
        });
        Assert.Equal([RecordAction.Create, RecordAction.Create], seen);
        seen.Clear();
        await Assert.ThrowsAsync<StrataException>(() => _engine.Records.TransactionAsync<int>(async tx =>
        {
            await _engine.Records.CreateAsync(tx, C("posts"), new JsonObject { ["title"] = "c" }, Superuser);
            throw StrataException.BadRequest("Abort the unit of work.");
        }));
        Assert.Empty(seen);
        Assert.Equal(2, await CountAsync("posts"));
    }
}
