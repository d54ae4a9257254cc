using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Testing;
using Xunit;
using Record = Strata.Core.Records.Record;

namespace Strata.Core.Tests.Storage;

/// <summary>Schema changes run as DDL in one transaction, are written as migration files and replay elsewhere.</summary>
public sealed class SchemaMigrationTests
{
    private static readonly RequestInfo Superuser = new() { Auth = new Record(CollectionDefaults.Superusers()) };

    private static Collection Parse(string json) => CollectionJson.Read(JsonDocument.Parse(json).RootElement, null);

    private static async Task<Collection> CreateAsync(StrataEngine engine, string json)
    {
        var c = Parse(json);
        CollectionDefaults.ApplyNew(c);
        return await engine.Schema.SaveAsync(c);
    }

    private static async Task<StrataEngine> OpenAsync(TestDatabase db, string migrations) =>
        await StrataEngine.OpenAsync(db.Open(), new EngineOptions { MigrationsDirectory = migrations });

    [Fact]
    public async Task A_created_collection_is_a_real_table_with_a_migration_file()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Path.Combine(db.Directory, "migrations");
        await using var engine = await OpenAsync(db, dir);
        await CreateAsync(engine, """{"name":"notes","fields":[{"name":"title","type":"text"},{"name":"n","type":"number"}]}""");

        var files = Directory.GetFiles(dir, "*.json");
        Assert.Single(files);
        Assert.Contains("created_notes", Path.GetFileName(files[0]), StringComparison.Ordinal);
        var c = engine.Records.Collection("notes");
        var r = await engine.Records.CreateAsync(c, new JsonObject { ["title"] = "a", ["n"] = 2 }, Superuser);
        Assert.Equal("a", (await engine.Records.FindAsync(c, r.Id))!.GetString("title"));
    }

    [Fact]
    public async Task Migrations_replay_on_a_fresh_database_and_down_reverts_them()
    {
        await using var first = await TestDatabase.CreateAsync();
        var dir = Path.Combine(first.Directory, "shared-migrations");
        await using (var engine = await OpenAsync(first, dir))
        {
            await CreateAsync(engine, """{"name":"notes","fields":[{"name":"title","type":"text"}]}""");
            var notes = engine.Records.Collection("notes").Clone();
            notes.Fields.Add(new NumberField { Name = "score", Id = "number1" });
            notes.ListRule = "score > 1";
            await engine.Schema.SaveAsync(notes);
        }

        await using var second = await TestDatabase.CreateAsync();
        await using (var replica = await OpenAsync(second, dir))
        {
            var notes = replica.Records.Collection("notes");
            Assert.NotNull(notes.FindField("score"));
            Assert.Equal("score > 1", notes.ListRule);
            var status = await replica.Schema.MigrationStatusAsync();
            Assert.Equal(2, status.Count(s => s.Name.EndsWith(".json", StringComparison.Ordinal) && s.Applied is not null));

            var reverted = await replica.Schema.MigrateDownAsync(1);
            Assert.Single(reverted);
            notes = replica.Records.Collection("notes");
            Assert.Null(notes.FindField("score"));
            Assert.Null(notes.ListRule);

            await replica.Schema.MigrateDownAsync(1);
            Assert.Null(replica.Schema.Current.Find("notes"));
            Assert.Equal(2, (await replica.Schema.MigrateUpAsync()).Count);
            Assert.NotNull(replica.Records.Collection("notes").FindField("score"));
        }
    }

    [Fact]
    public async Task A_failing_change_leaves_nothing_half_applied()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var engine = await OpenAsync(db, Path.Combine(db.Directory, "m"));
        var notes = await CreateAsync(engine, """{"name":"notes","fields":[{"name":"title","type":"text"}]}""");
        var c = engine.Records.Collection("notes");
        await engine.Records.CreateAsync(c, new JsonObject { ["title"] = "same" }, Superuser);
        await engine.Records.CreateAsync(c, new JsonObject { ["title"] = "same" }, Superuser);

        // Adding a field and a unique index that the existing rows violate must fail as a whole.
        var change = notes.Clone();
        change.Fields.Add(new TextField { Name = "extra", Id = "text99" });
        change.Indexes.Add("CREATE UNIQUE INDEX `idx_title` ON `notes` (`title`)");
        var e = await Assert.ThrowsAsync<StrataException>(() => engine.Schema.SaveAsync(change));
        Assert.Equal(400, e.Status);

        await engine.Schema.ReloadAsync();
        var stored = engine.Records.Collection("notes");
        Assert.Null(stored.FindField("extra"));
        Assert.Empty(stored.Indexes);
        // The column was not added either: a record write that names only known fields still works.
        var r = await engine.Records.CreateAsync(stored, new JsonObject { ["title"] = "third" }, Superuser);
        Assert.Equal("third", (await engine.Records.FindAsync(stored, r.Id))!.GetString("title"));
    }

    [Fact]
    public async Task Renaming_a_field_and_the_collection_keeps_the_data()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var engine = await OpenAsync(db, Path.Combine(db.Directory, "m"));
        await CreateAsync(engine, """{"name":"notes","fields":[{"name":"title","type":"text"},{"name":"tags","type":"select","values":["a","b"],"maxSelect":1}]}""");
        var c = engine.Records.Collection("notes");
        var r = await engine.Records.CreateAsync(c, new JsonObject { ["title"] = "keep", ["tags"] = "b" }, Superuser);

        var change = c.Clone();
        change.Name = "memos";
        change.FindField("title")!.Name = "heading";
        ((SelectField)change.FindField("tags")!).MaxSelect = 2;
        await engine.Schema.SaveAsync(change);

        var memos = engine.Records.Collection("memos");
        Assert.Null(engine.Schema.Current.Find("notes"));
        var stored = (await engine.Records.FindAsync(memos, r.Id))!;
        Assert.Equal("keep", stored.GetString("heading"));
        Assert.Equal(["b"], (IReadOnlyList<string>)stored.Get("tags")!);
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_on_save()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var engine = await OpenAsync(db, null!);
        var c = Parse("""{"name":"notes","listRule":"missing_field = 1","fields":[{"name":"title","type":"text"}]}""");
        CollectionDefaults.ApplyNew(c);
        var e = await Assert.ThrowsAsync<StrataException>(() => engine.Schema.SaveAsync(c));
        Assert.Equal(400, e.Status);
        Assert.NotNull(e.ErrorData["listRule"]);
        Assert.Null(engine.Schema.Current.Find("notes"));
    }
}
