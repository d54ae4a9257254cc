namespace Strata.Api.Tests.Realtime;

/// <summary>Channel rules from configuration (<c>STRATA_REALTIME_CHANNELS</c> / <c>realtimeChannels</c>).</summary>
public sealed class RealtimeConfigTests
{
    [Fact]
    public void Channel_rules_come_from_the_environment_as_a_json_list()
    {
        var options = StrataConfiguration.Resolve(null, new Dictionary<string, string?>(), name => name == "STRATA_REALTIME_CHANNELS"
            ? """[{"pattern":"lobby","rule":""},{"pattern":"room:{id}","rule":"members.id ?= @request.auth.id","collection":"rooms"},{"pattern":"closed"}]"""
            : null);
        var rules = RealtimeChannelConfig.Parse(options.RealtimeChannels);
        Assert.Equal(
            [("lobby", (string?)"", (string?)null), ("room:{id}", "members.id ?= @request.auth.id", "rooms"), ("closed", null, null)],
            rules.Select(r => (r.Pattern, r.Rule, r.Collection)));
        Assert.Empty(RealtimeChannelConfig.Parse(""));
    }

    [Theory]
    [InlineData("{\"pattern\":\"lobby\"}")]
    [InlineData("[{\"rule\":\"\"}]")]
    [InlineData("[\"lobby\"]")]
    [InlineData("[{\"pattern\":")]
    public void Malformed_channel_rules_stop_start_up_with_a_clear_message(string json)
    {
        var e = Assert.Throws<InvalidOperationException>(() => RealtimeChannelConfig.Parse(json));
        Assert.StartsWith("realtimeChannels must be a JSON list", e.Message, StringComparison.Ordinal);
    }
}
