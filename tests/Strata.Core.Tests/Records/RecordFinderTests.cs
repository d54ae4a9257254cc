using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Testing;
using Xunit;
using Record = Strata.Core.Records.Record;

namespace Strata.Core.Tests.Records;

/// <summary>Server code queries records with bound placeholders, sort, paging and expand, with rules bypassed or applied.</summary>
public sealed class RecordFinderTests : IAsyncLifetime
{
    private static readonly RequestInfo Superuser = new() { Auth = new Record(CollectionDefaults.Superusers()) };
    private TestDatabase _db = null!;
    private StrataEngine _engine = null!;
    private string _ann = "";

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _engine = await StrataEngine.OpenAsync(_db.Open(), new EngineOptions());
        foreach (var json in new[]
        {
            """{"name":"authors","listRule":"","viewRule":"","fields":[{"name":"name","type":"text"}]}""",
            """{"name":"posts","listRule":"status = 'published'","viewRule":"","fields":[{"name":"title","type":"text"},{"name":"status","type":"text"},{"name":"views","type":"number"},{"name":"author","type":"relation","collectionId":"authors","maxSelect":1}]}""",
        })
        {
            var c = CollectionJson.Read(JsonDocument.Parse(json).RootElement, null);
            CollectionDefaults.ApplyNew(c);
            await _engine.Schema.CreateAsync(c);
        }

        _ann = (await _engine.Records.CreateAsync(_engine.Records.Collection("authors"), new JsonObject { ["name"] = "Ann" }, Superuser)).Id;
        var posts = _engine.Records.Collection("posts");
        foreach (var (title, status, views) in new[] { ("a", "published", 5), ("b", "draft", 50), ("c", "published", 20), ("it's \" tricky", "published", 1) })
        {
            await _engine.Records.CreateAsync(posts, new JsonObject { ["title"] = title, ["status"] = status, ["views"] = views, ["author"] = _ann }, Superuser);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string[] Titles(ListResult r) => [.. r.Items.Select(i => i.GetString("title"))];

    [Fact]
    public async Task Placeholders_bind_values_and_never_become_filter_text()
    {
        var r = await _engine.Records.Query("posts")
            .Where("status = {:status} && views >= {:min}", new() { ["status"] = "published", ["min"] = 5 })
            .OrderBy("-views").ListAsync();
        Assert.Equal(["c", "a"], Titles(r));

        var tricky = await _engine.Records.Query("posts").Where("title = {:t}", new() { ["t"] = "it's \" tricky" }).ListAsync();
        Assert.Equal(["it's \" tricky"], Titles(tricky));

        // An injection attempt is just a value that matches nothing.
        var injected = await _engine.Records.Query("posts").Where("title = {:t}", new() { ["t"] = "a' || 1=1 || title = 'b" }).ListAsync();
        Assert.Empty(injected.Items);

        // Inside quotes a placeholder is plain text.
        var literal = await _engine.Records.Query("posts").Where("title != '{:t}'", new() { ["t"] = "a" }).ListAsync();
        Assert.Equal(4, literal.Items.Count);
    }

    [Fact]
    public async Task A_missing_placeholder_value_is_a_clear_400()
    {
        var e = await Assert.ThrowsAsync<StrataException>(() => _engine.Records.Query("posts").Where("title = {:nope}", new()).ListAsync());
        Assert.Equal(400, e.Status);
        Assert.Contains("{:nope}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_are_bypassed_by_default_and_applied_for_a_requester()
    {
        var all = await _engine.Records.Query("posts").OrderBy("title").ListAsync();
        Assert.Equal(4, all.TotalItems);
        var asGuest = await _engine.Records.Query("posts").As(RequestInfo.Guest).OrderBy("title").ListAsync();
        Assert.Equal(["a", "c", "it's \" tricky"], Titles(asGuest));
    }

    [Fact]
    public async Task Server_code_expands_relations_past_their_rules_and_a_requester_does_not()
    {
        var authors = _engine.Records.Collection("authors").Clone();
        authors.ViewRule = null;
        await _engine.Schema.SaveAsync(authors, writeMigration: false);

        var server = await _engine.Records.Query("posts").Where("title = 'a'").Expand("author").FirstAsync();
        Assert.Equal("Ann", ((Record)server!.Expand!["author"]).GetString("name"));
        var guest = await _engine.Records.Query("posts").Where("title = 'a'").Expand("author").As(RequestInfo.Guest).FirstAsync();
        Assert.True(guest!.Expand is null || !guest.Expand.ContainsKey("author"));
    }

    [Fact]
    public async Task Paging_expand_and_first()
    {
        var page = await _engine.Records.Query("posts").OrderBy("-views").Expand("author").Page(2, 2).ListAsync();
        Assert.Equal(4, page.TotalItems);
        Assert.Equal(2, page.TotalPages);
        Assert.Equal(["a", "it's \" tricky"], Titles(page));
        Assert.Equal("Ann", ((Record)page.Items[0].Expand!["author"]).GetString("name"));

        var first = await _engine.Records.Query("posts").Where("author = {:a}", new() { ["a"] = _ann }).OrderBy("views").FirstAsync();
        Assert.Equal("it's \" tricky", first!.GetString("title"));
        Assert.Null(await _engine.Records.Query("posts").Where("views > {:v}", new() { ["v"] = 1000 }).FirstAsync());
    }
}
