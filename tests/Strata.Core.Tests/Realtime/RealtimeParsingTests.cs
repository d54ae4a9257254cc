using Strata.Core.Realtime;
using Xunit;

namespace Strata.Core.Tests.Realtime;

/// <summary>Subscription keys as the SDK writes them (contract §6.2, §6.3) and channel name patterns.</summary>
public sealed class RealtimeParsingTests
{
    [Fact]
    public void The_sdk_options_suffix_gives_query_and_snake_case_headers_and_keeps_the_raw_key()
    {
        // What pb.collection('posts').subscribe('*', cb, {expand: 'author', filter: 'a=1', headers: {'X-Test': 1}}) registers.
        const string Key = "posts/*?options=%7B%22query%22%3A%7B%22expand%22%3A%22author%22%2C%22filter%22%3A%22a%3D1%22%7D%2C%22headers%22%3A%7B%22X-Test%22%3A1%7D%7D";
        var sub = RealtimeSubscription.Parse(Key);
        Assert.Equal(Key, sub.Key);
        Assert.Equal("posts/*", sub.Path);
        Assert.Equal(("author", "a=1"), (sub.Expand, sub.Filter));
        Assert.Null(sub.Fields);
        Assert.Equal("1", sub.Headers["x_test"]);
        var request = sub.Request(null);
        Assert.Equal(("realtime", "GET", "a=1"), (request.Context, request.Method, request.Query["filter"]));
    }

    [Theory]
    [InlineData("posts/r1", "posts/r1", true)]
    [InlineData("posts/r1?options=%7B%7D", "posts/r1", true)]
    [InlineData("posts/r10", "posts/r1", false)]
    [InlineData("posts/*", "posts/*", true)]
    [InlineData("posts", "posts/*", false)]
    [InlineData("posts?options=broken", "posts", true)]
    public void Topics_match_by_path_only(string key, string topic, bool matches) =>
        Assert.Equal(matches, RealtimeSubscription.Parse(key).Matches(topic));

    [Theory]
    [InlineData("lobby", "lobby", true, null)]
    [InlineData("lobby", "lobby2", false, null)]
    [InlineData("room:{id}", "room:abc123", true, "abc123")]
    [InlineData("room:{id}", "room:abc:def", false, null)]
    [InlineData("room:{id}", "room:", false, null)]
    [InlineData("staff:*", "staff:any/thing", true, null)]
    [InlineData("call.{id}.signal", "call.x1.signal", true, "x1")]
    [InlineData("call.{id}.signal", "callAx1Bsignal", false, null)]
    public void Channel_patterns_match_literally_with_star_and_id(string pattern, string channel, bool matches, string? id)
    {
        var rule = new ChannelRule(pattern, "");
        Assert.Equal(matches, rule.Matches(channel, out var got));
        Assert.Equal(id, got);
    }
}
