using Record = Strata.Core.Records.Record;
using System.Text.Json.Nodes;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Testing;
using Xunit;

namespace Strata.Core.Tests.Differential;

/// <summary>
/// One seeded database per test run on the engine named by STRATA_TEST_ENGINE, created through StrataEngine:
/// users (auth), tags (self relation), posts (every value kind, single/multiple select and relations, dangling ids),
/// comments (back-relation to posts), profiles (unique single relation to users) and members (for @collection).
/// Record ids are short names padded with zeros to 15 characters (p1 → p10000000000000).
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 30, 45, 123, TimeSpan.Zero);

    private TestDatabase? _db;

    public StrataEngine Engine { get; private set; } = null!;

    public Record Superuser { get; private set; } = null!;

    public Dictionary<string, List<Record>> Records { get; } = new(StringComparer.Ordinal);

    public static string Id(string shortName) => shortName.PadRight(15, '0');

    public static string Short(string id) => id.TrimEnd('0');

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        Engine = await StrataEngine.OpenAsync(_db.Open(), new EngineOptions { Clock = new FixedClock(Now), ApplyMigrations = false });
        var schema = Engine.Schema;
        Superuser = new Record(schema.Current.Find("_superusers")!) { Id = Id("su1") };

        var users = Copy(schema.Current.Find("users")!);
        users.Fields.Add(new SelectField { Name = "role", Values = ["admin", "editor", "viewer"], MaxSelect = 1 });
        users.Fields.Add(new TextField { Name = "secret", Hidden = true });
        users.ListRule = "id = @request.auth.id || verified = true";
        users.ViewRule = users.ListRule;
        CollectionDefaults.ApplyNew(users);
        users = await schema.SaveAsync(users, writeMigration: false);

        var tags = await Save(new Collection
        {
            Name = "tags", Type = CollectionType.Base, ListRule = "", ViewRule = "",
            Fields = [new TextField { Name = "name" }, new NumberField { Name = "weight" }],
        });
        tags = Copy(tags);
        tags.Fields.Add(new RelationField { Name = "parent", CollectionId = tags.Id, MaxSelect = 1 });
        CollectionDefaults.ApplyNew(tags);
        tags = await schema.SaveAsync(tags, writeMigration: false);

        var posts = await Save(new Collection
        {
            Name = "posts", Type = CollectionType.Base, ListRule = "", ViewRule = "",
            Fields =
            [
                new TextField { Name = "title" },
                new NumberField { Name = "views" },
                new BoolField { Name = "published" },
                new DateField { Name = "due" },
                new JsonField { Name = "meta" },
                new GeoPointField { Name = "location" },
                new SelectField { Name = "status", Values = ["draft", "live", "archived"], MaxSelect = 1 },
                new SelectField { Name = "labels", Values = ["a", "b", "c", "d"], MaxSelect = 4 },
                new RelationField { Name = "author", CollectionId = users.Id, MaxSelect = 1 },
                new RelationField { Name = "tags", CollectionId = tags.Id, MaxSelect = 5 },
                new TextField { Name = "team" },
                new TextField { Name = "secret", Hidden = true },
            ],
        });
        await Save(new Collection
        {
            Name = "comments", Type = CollectionType.Base, ListRule = "author.verified = true", ViewRule = "",
            Fields =
            [
                new TextField { Name = "message" },
                new RelationField { Name = "post", CollectionId = posts.Id, MaxSelect = 1 },
                new RelationField { Name = "author", CollectionId = users.Id, MaxSelect = 1 },
                new NumberField { Name = "likes" },
            ],
        });
        await Save(new Collection
        {
            Name = "profiles", Type = CollectionType.Base, ListRule = "", ViewRule = "",
            Fields = [new RelationField { Name = "user", CollectionId = users.Id, MaxSelect = 1 }, new TextField { Name = "bio" }],
            Indexes = ["CREATE UNIQUE INDEX `idx_profiles_user` ON `profiles` (`user`)"],
        });
        await Save(new Collection
        {
            Name = "members", Type = CollectionType.Base, ListRule = null, ViewRule = null,
            Fields =
            [
                new RelationField { Name = "user", CollectionId = users.Id, MaxSelect = 1 },
                new TextField { Name = "team" },
                new TextField { Name = "role" },
            ],
        });

        await Seed();
        foreach (var c in new[] { "users", "tags", "posts", "comments", "profiles", "members" })
        {
            var collection = Engine.Schema.Current.Find(c)!;
            var list = await Engine.Records.ListAsync(collection, SuperuserRequest(), new ListParams { PerPage = 1000 });
            Records[collection.Id] = [.. list.Items];
        }
    }

    public RequestInfo SuperuserRequest() => new() { Auth = Superuser };

    public Record User(string shortName) => Records[Engine.Schema.Current.Find("users")!.Id].Single(r => r.Id == Id(shortName));

    private static Collection Copy(Collection c) => CollectionJson.Read(CollectionJson.ToJsonString(c), c);

    private async Task<Collection> Save(Collection c)
    {
        CollectionDefaults.ApplyNew(c);
        return await Engine.Schema.SaveAsync(c, writeMigration: false);
    }

    private async Task Create(string collection, string id, string json)
    {
        var body = JsonNode.Parse(json)!.AsObject();
        body["id"] = Id(id);
        await Engine.Records.CreateAsync(Engine.Schema.Current.Find(collection)!, body, SuperuserRequest());
    }

    private async Task Seed()
    {
        const string pw = "\"password\":\"secret-pass-1\",\"passwordConfirm\":\"secret-pass-1\"";
        await Create("users", "u1", "{\"email\":\"alice@example.com\",\"emailVisibility\":true,\"verified\":true,\"name\":\"Alice\",\"role\":\"admin\",\"secret\":\"a-secret\"," + pw + "}");
        await Create("users", "u2", "{\"email\":\"bob@example.com\",\"emailVisibility\":false,\"verified\":true,\"name\":\"BOB\",\"role\":\"editor\"," + pw + "}");
        await Create("users", "u3", "{\"email\":\"carol@test.org\",\"emailVisibility\":true,\"verified\":false,\"name\":\"\",\"role\":\"\"," + pw + "}");
        await Create("users", "u4", "{\"email\":\"dave@example.com\",\"emailVisibility\":false,\"verified\":false,\"name\":\"dave\",\"role\":\"viewer\"," + pw + "}");

        await Create("tags", "t1", "{\"name\":\"news\",\"weight\":1}");
        await Create("tags", "t2", "{\"name\":\"Tech\",\"weight\":2.5,\"parent\":\"" + Id("t1") + "\"}");
        await Create("tags", "t3", "{\"name\":\"life_style\",\"weight\":0,\"parent\":\"" + Id("t2") + "\"}");
        await Create("tags", "t4", "{\"name\":\"100%\",\"weight\":-3,\"parent\":\"" + Id("t3") + "\"}");
        await Create("tags", "t5", "{\"name\":\"back\\\\slash\",\"weight\":10}");

        string U(string s) => "\"" + Id(s) + "\"";
        string L(params string[] s) => "[" + string.Join(",", s.Select(U)) + "]";
        await Create("posts", "p1", "{\"title\":\"Hello World\",\"views\":10,\"published\":true,\"due\":\"2026-03-14 10:00:00.000Z\"," +
            "\"meta\":{\"a\":1,\"name\":\"Foo\",\"list\":[1,2,3],\"nested\":{\"x\":\"y\"},\"flag\":true},\"location\":{\"lon\":23.32,\"lat\":42.69}," +
            "\"status\":\"live\",\"labels\":[\"a\",\"b\"],\"author\":" + U("u1") + ",\"tags\":" + L("t1", "t2") + ",\"team\":\"red\",\"secret\":\"s1\"}");
        await Create("posts", "p2", "{\"title\":\"hello_world\",\"views\":0,\"published\":false,\"due\":\"\",\"meta\":null," +
            "\"status\":\"draft\",\"labels\":[],\"author\":" + U("u2") + ",\"tags\":[],\"team\":\"blue\"}");
        await Create("posts", "p3", "{\"title\":\"100% Pure\",\"views\":2.5,\"published\":true,\"due\":\"2025-12-31 23:59:59.999Z\"," +
            "\"meta\":{\"a\":\"1\",\"name\":\"foo\"},\"location\":{\"lon\":2.35,\"lat\":48.85},\"status\":\"\",\"labels\":[\"c\"]," +
            "\"author\":\"\",\"tags\":" + L("t3") + ",\"team\":\"\",\"secret\":\"x\"}");
        await Create("posts", "p4", "{\"title\":\"\",\"views\":-5,\"published\":false,\"due\":\"2026-03-15 08:00:00.000Z\",\"meta\":[1,\"two\",null]," +
            "\"location\":{\"lon\":23.3,\"lat\":42.7},\"status\":\"archived\",\"labels\":[\"a\",\"b\",\"c\",\"d\"],\"author\":" + U("u2") + "," +
            "\"tags\":" + L("t1", "t4") + ",\"team\":\"red\"}");
        await Create("posts", "p5", "{\"title\":\"Back\\\\slash it\",\"views\":1000,\"published\":true,\"due\":\"2026-03-16 00:00:00.000Z\"," +
            "\"meta\":{\"a\":2,\"name\":\"Zed\"},\"status\":\"live\",\"labels\":[\"d\"],\"author\":" + U("u3") + ",\"tags\":" + L("t2", "t5") + ",\"team\":\"green\"}");
        await Create("posts", "p6", "{\"title\":\"Ünïcode café\",\"views\":7,\"published\":true,\"due\":\"\",\"meta\":{\"a\":null}," +
            "\"status\":\"draft\",\"labels\":[\"b\"],\"tags\":" + L("t1") + ",\"team\":\"blue\"}");
        await Create("posts", "p7", "{\"title\":\"UPPER lower\",\"views\":10,\"published\":false,\"due\":\"2024-02-29 12:00:00.000Z\",\"meta\":\"just text\"," +
            "\"status\":\"live\",\"labels\":[\"a\"],\"author\":" + U("u1") + ",\"tags\":" + L("t2", "t3") + ",\"team\":\"red\"}");

        await Create("comments", "c1", "{\"message\":\"first!\",\"post\":" + U("p1") + ",\"author\":" + U("u2") + ",\"likes\":3}");
        await Create("comments", "c2", "{\"message\":\"Second one\",\"post\":" + U("p1") + ",\"author\":" + U("u3") + ",\"likes\":0}");
        await Create("comments", "c3", "{\"message\":\"nice\",\"post\":" + U("p3") + ",\"author\":" + U("u1") + ",\"likes\":10}");
        await Create("comments", "c4", "{\"message\":\"\",\"post\":" + U("p4") + ",\"author\":" + U("u1") + ",\"likes\":1}");
        await Create("comments", "c5", "{\"message\":\"orphan\",\"author\":" + U("u2") + ",\"likes\":2}");
        await Create("comments", "c6", "{\"message\":\"third\",\"post\":" + U("p1") + ",\"author\":" + U("u1") + ",\"likes\":5}");

        await Create("profiles", "r1", "{\"user\":" + U("u1") + ",\"bio\":\"Alice bio\"}");
        await Create("profiles", "r2", "{\"user\":" + U("u2") + ",\"bio\":\"\"}");
        await Create("profiles", "r3", "{\"user\":" + U("u3") + ",\"bio\":\"Carol\"}");

        await Create("members", "m1", "{\"user\":" + U("u1") + ",\"team\":\"red\",\"role\":\"owner\"}");
        await Create("members", "m2", "{\"user\":" + U("u2") + ",\"team\":\"red\",\"role\":\"member\"}");
        await Create("members", "m3", "{\"user\":" + U("u1") + ",\"team\":\"blue\",\"role\":\"member\"}");
        await Create("members", "m4", "{\"user\":" + U("u3") + ",\"team\":\"\",\"role\":\"guest\"}");

        // Dangling ids (the relation check rejects them on write, but stored data can hold them after imports).
        await Engine.Database.WriteAsync(async tx =>
        {
            foreach (var sql in new[]
            {
                $"UPDATE \"posts\" SET \"author\" = '{Id("u9")}' WHERE \"id\" = '{Id("p6")}'",
                $"UPDATE \"posts\" SET \"tags\" = '[\"{Id("t1")}\",\"{Id("t4")}\",\"{Id("t9")}\"]' WHERE \"id\" = '{Id("p4")}'",
                $"UPDATE \"comments\" SET \"post\" = '{Id("p9")}' WHERE \"id\" = '{Id("c5")}'",
            })
            {
                await using var cmd = tx.Connection!.CreateCommand();
                cmd.Transaction = tx;
#pragma warning disable CA2100 // Fixed test statements.
                cmd.CommandText = sql;
#pragma warning restore CA2100
                await cmd.ExecuteNonQueryAsync();
            }

            return 0;
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Engine is not null)
        {
            await Engine.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
