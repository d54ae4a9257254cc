using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Bench.Micro;

/// <summary>The load benchmark's collections (authors, posts) and one post record, built without a database.</summary>
public static class BenchSchema
{
    private const string AuthorsJson = """
        {"id":"pbc_526341563","name":"authors","type":"base","fields":[
          {"id":"text3208210256","name":"id","type":"text","system":true,"required":true,"min":15,"max":15,"pattern":"^[a-z0-9]+$","autogeneratePattern":"[a-z0-9]{15}","primaryKey":true},
          {"id":"text1579384326","name":"name","type":"text"},
          {"id":"email3885137012","name":"email","type":"email"}],
         "indexes":[],"listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":null}
        """;

    private const string PostsJson = """
        {"id":"pbc_1125843985","name":"posts","type":"base","fields":[
          {"id":"text3208210256","name":"id","type":"text","system":true,"required":true,"min":15,"max":15,"pattern":"^[a-z0-9]+$","autogeneratePattern":"[a-z0-9]{15}","primaryKey":true},
          {"id":"text724990059","name":"title","type":"text"},
          {"id":"text3685223346","name":"body","type":"text"},
          {"id":"select2063623452","name":"status","type":"select","values":["published","draft","archived"],"maxSelect":1},
          {"id":"number300981383","name":"views","type":"number"},
          {"id":"date1748787223","name":"published","type":"date"},
          {"id":"relation3182418120","name":"author","type":"relation","collectionId":"pbc_526341563","maxSelect":1},
          {"id":"autodate2990389176","name":"created","type":"autodate","onCreate":true},
          {"id":"autodate3332085495","name":"updated","type":"autodate","onCreate":true,"onUpdate":true}],
         "indexes":[],"listRule":"","viewRule":"","createRule":"","updateRule":"","deleteRule":null}
        """;

    public const string Body =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore " +
        "magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo " +
        "consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. " +
        "Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum. (1)";

    public static Collection Authors { get; } = CollectionJson.Read(AuthorsJson, null);

    public static Collection Posts { get; } = CollectionJson.Read(PostsJson, null);

    public static SchemaSnapshot Schema { get; } = new([Authors, Posts, CollectionDefaults.Users()]);

    public static Record Post(int i)
    {
        var r = new Record(Posts);
        r.Set("id", $"post{i:D11}");
        r.Set("title", $"Post {i}");
        r.Set("body", Body);
        r.Set("status", "published");
        r.Set("views", (double)(i * 7919 % 10007));
        r.Set("published", "2024-12-30 08:00:58.000Z");
        r.Set("author", "6d9wlimj7up3sxk");
        r.Set("created", "2026-11-22 02:52:02.397Z");
        r.Set("updated", "2026-11-22 02:52:02.397Z");
        return r;
    }
}
