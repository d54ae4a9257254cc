using Strata.Core.Migrations;

namespace Hello;

/// <summary>The app's collections, declared in a C# migration (the same JSON the collections API takes).</summary>
public static class HelloSchema
{
    /// <summary>Creates <c>messages</c>, <c>greetings</c> and <c>digests</c>; <c>migrate down</c> removes them.</summary>
    public static CodeMigration Migration { get; } = new("1763800000_hello_guestbook",
        async (ctx, ct) =>
        {
            // Anyone reads the guestbook; signed-in users write, and only their own messages.
            await ctx.CreateCollectionAsync("""
                {"name":"messages","listRule":"","viewRule":"",
                 "createRule":"@request.auth.id != ''",
                 "updateRule":"author = @request.auth.id","deleteRule":"author = @request.auth.id",
                 "fields":[{"name":"text","type":"text","required":true,"max":280},
                           {"name":"author","type":"relation","collectionId":"users","maxSelect":1},
                           {"name":"created","type":"autodate","onCreate":true}]}
                """, ct);
            // Written by the greet job; one greeting per message (the unique index makes the job idempotent).
            await ctx.CreateCollectionAsync("""
                {"name":"greetings","listRule":"","viewRule":"",
                 "fields":[{"name":"message","type":"relation","collectionId":"messages","maxSelect":1,"cascadeDelete":true},
                           {"name":"text","type":"text"}],
                 "indexes":["CREATE UNIQUE INDEX idx_greetings_message ON greetings (message)"]}
                """, ct);
            // Written by the hourly cron; superusers only (null rules).
            await ctx.CreateCollectionAsync("""
                {"name":"digests",
                 "fields":[{"name":"hour","type":"text","required":true},{"name":"messages","type":"number"}],
                 "indexes":["CREATE UNIQUE INDEX idx_digests_hour ON digests (hour)"]}
                """, ct);
        },
        async (ctx, ct) =>
        {
            await ctx.DeleteCollectionAsync("digests", ct);
            await ctx.DeleteCollectionAsync("greetings", ct);
            await ctx.DeleteCollectionAsync("messages", ct);
        });
}
