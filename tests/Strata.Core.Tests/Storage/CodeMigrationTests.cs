using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Migrations;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Testing;
using Xunit;
using Record = Strata.Core.Records.Record;

namespace Strata.Core.Tests.Storage;

/// <summary>An app declares its collections in C# migrations that run at start and with migrate, on both engines.</summary>
public sealed class CodeMigrationTests
{
    private static readonly RequestInfo Superuser = new() { Auth = new Record(CollectionDefaults.Superusers()) };

    private static ICodeMigration[] Migrations() =>
    [
        new CodeMigration("1732200000_create_shop",
            async (ctx, ct) =>
            {
                await ctx.CreateCollectionAsync("""{"name":"brands","listRule":"","fields":[{"name":"name","type":"text","required":true}],"indexes":["CREATE UNIQUE INDEX `idx_brand_name` ON `brands` (`name`)"]}""", ct);
                await ctx.CreateCollectionAsync("""{"name":"products","listRule":"available = true","fields":[{"name":"title","type":"text"},{"name":"available","type":"bool"},{"name":"brand","type":"relation","collectionId":"brands","maxSelect":1}]}""", ct);
                // Data belongs in migrations too: a seed row.
                await ctx.Records.CreateAsync(ctx.Schema.Current.Find("brands")!, new JsonObject { ["name"] = "Qala House" }, Superuser, ct);
            },
            async (ctx, ct) =>
            {
                await ctx.DeleteCollectionAsync("products", ct);
                await ctx.DeleteCollectionAsync("brands", ct);
            }),
        new CodeMigration("1732300000_open_products",
            (ctx, ct) => ctx.UpdateCollectionAsync("products", """{"listRule":""}""", ct),
            (ctx, ct) => ctx.UpdateCollectionAsync("products", """{"listRule":"available = true"}""", ct)),
    ];

    [Fact]
    public async Task Code_migrations_run_at_start_in_order_and_revert()
    {
        await using var db = await TestDatabase.CreateAsync();
        var dir = Path.Combine(db.Directory, "migrations");
        await using var engine = await StrataEngine.OpenAsync(db.Open(), new EngineOptions { MigrationsDirectory = dir, CodeMigrations = Migrations() });

        Assert.Equal("", engine.Records.Collection("products").ListRule);
        Assert.Equal("Qala House", (await engine.Records.Query("brands").FirstAsync())!.GetString("name"));
        var status = await engine.Schema.MigrationStatusAsync();
        Assert.All(Migrations(), m => Assert.NotNull(status.Single(s => s.Name == m.Name).Applied));
        // The code is the migration: no files were written for its schema changes.
        Assert.False(Directory.Exists(dir) && Directory.GetFiles(dir).Length > 0);

        Assert.Equal(["1732300000_open_products"], await engine.Schema.MigrateDownAsync(1));
        Assert.Equal("available = true", engine.Records.Collection("products").ListRule);
        await engine.Schema.MigrateDownAsync(1);
        Assert.Null(engine.Schema.Current.Find("brands"));
        Assert.Equal(2, (await engine.Schema.MigrateUpAsync()).Count);
        Assert.NotNull(engine.Schema.Current.Find("products"));
    }

    [Fact]
    public async Task Applied_code_migrations_do_not_run_again_on_restart()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (await StrataEngine.OpenAsync(db.Open(), new EngineOptions { CodeMigrations = Migrations() }))
        {
        }

        await using var again = await StrataEngine.OpenAsync(db.Open(), new EngineOptions { CodeMigrations = Migrations() });
        // Running the first migration twice would have failed on the existing collections or duplicated the seed row.
        Assert.Equal(1, (await again.Records.Query("brands").ListAsync()).TotalItems);
    }
}
