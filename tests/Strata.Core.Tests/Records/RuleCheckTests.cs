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

/// <summary>
/// Create and update rules are checked on the written row inside the transaction; a rule that folds to a constant
/// true needs no statement for it, every other rule still decides.
/// </summary>
public sealed class RuleCheckTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private StrataEngine _engine = null!;
    private Collection _posts = null!;
    private RequestInfo _signedIn = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _engine = await StrataEngine.OpenAsync(_db.Open(), new EngineOptions());
        var json = """{"name":"posts","listRule":"","viewRule":"","createRule":"","updateRule":"","fields":[{"name":"title","type":"text"},{"name":"status","type":"text"}]}""";
        var c = CollectionJson.Read(JsonDocument.Parse(json).RootElement, null);
        CollectionDefaults.ApplyNew(c);
        await _engine.Schema.CreateAsync(c);
        _posts = _engine.Records.Collection("posts");
        var user = new Record(CollectionDefaults.Users()) { Id = "user00000000001" };
        _signedIn = new RequestInfo { Auth = user };
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Theory]
    [InlineData("@request.auth.id != \"\"", true, true)]
    [InlineData("@request.auth.id != \"\"", false, false)]
    [InlineData("status = \"draft\"", true, false)]
    [InlineData("@request.auth.id != \"\" && status = \"draft\"", true, false)]
    [InlineData("@request.body.status = \"draft\"", true, false)]
    [InlineData("@collection.posts.status ?= \"draft\"", true, false)]
    public void Only_a_rule_folded_to_true_leaves_nothing_but_the_id(string rule, bool signedIn, bool onlyId)
    {
        var request = signedIn ? _signedIn : new RequestInfo();
        var query = new RecordQuery(_engine.Schema.Current, _engine.Database.Dialect, _posts, request, DateTimeOffset.UtcNow)
            .WhereId("abc").Where(rule, ResolverOptions.Rule, "r");
        Assert.Equal(onlyId, query.OnlyIdConditions);
    }

    [Fact]
    public async Task A_folded_create_rule_admits_a_signed_in_user_and_refuses_a_guest()
    {
        var posts = await WithRulesAsync("@request.auth.id != \"\"");
        var created = await _engine.Records.CreateAsync(posts, new JsonObject { ["title"] = "mine", ["status"] = "draft" }, _signedIn);
        Assert.NotNull(await _engine.Records.Query("posts").Where("id = {:id}", new() { ["id"] = created.Id }).FirstAsync());

        await Assert.ThrowsAsync<StrataException>(() =>
            _engine.Records.CreateAsync(posts, new JsonObject { ["title"] = "guest", ["status"] = "draft" }, new RequestInfo()));
        Assert.Null(await _engine.Records.Query("posts").Where("title = 'guest'").FirstAsync());
    }

    [Fact]
    public async Task A_rule_on_the_row_still_decides_the_create_and_the_update()
    {
        var posts = await WithRulesAsync("@request.auth.id != \"\" && status = \"draft\"");
        var draft = await _engine.Records.CreateAsync(posts, new JsonObject { ["title"] = "d", ["status"] = "draft" }, _signedIn);

        var refused = await Assert.ThrowsAsync<StrataException>(() =>
            _engine.Records.CreateAsync(posts, new JsonObject { ["title"] = "p", ["status"] = "published" }, _signedIn));
        Assert.Equal(400, refused.Status);
        Assert.Null(await _engine.Records.Query("posts").Where("title = 'p'").FirstAsync());

        // The update rule is checked on the stored row: a draft may be edited, a published one may not.
        var updated = await _engine.Records.UpdateAsync(posts, draft.Id, new JsonObject { ["status"] = "published" }, _signedIn);
        Assert.Equal("published", updated.GetString("status"));
        var missing = await Assert.ThrowsAsync<StrataException>(() =>
            _engine.Records.UpdateAsync(posts, draft.Id, new JsonObject { ["title"] = "again" }, _signedIn));
        Assert.Equal(404, missing.Status);
    }

    private async Task<Collection> WithRulesAsync(string rule)
    {
        var c = _engine.Records.Collection("posts").Clone();
        c.CreateRule = rule;
        c.UpdateRule = rule;
        await _engine.Schema.SaveAsync(c);
        return _engine.Records.Collection("posts");
    }
}
