namespace Strata.Core.Realtime;

/// <summary>Limits and rules of the realtime hub (SSE and WebSocket).</summary>
public sealed class RealtimeOptions
{
    /// <summary>Messages queued per client before it counts as too slow and is disconnected (default 512).</summary>
    public int ClientBuffer { get; set; } = 512;

    /// <summary>An SSE stream with no message for this long is closed (contract §6.1: 5 minutes).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An SSE stream is closed after this long in total (contract §6.1: 30 minutes); the SDK reconnects.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The largest WebSocket message a client may send, in bytes (default 64 KiB).</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Channels a WebSocket client may join per connection (default 100).</summary>
    public int MaxChannelsPerConnection { get; set; } = 100;

    /// <summary>
    /// Who may join which broadcast channel, first match wins; a channel no rule matches cannot be joined (except by
    /// superusers).
    /// </summary>
    public List<ChannelRule> Channels { get; } = [];

    /// <summary>
    /// The rule a direct message's target must satisfy, evaluated on the target's record with <c>@request.auth</c>
    /// the sender; <c>""</c> (the default) lets any signed-in user message any existing user; null disables direct
    /// messages for everyone but superusers.
    /// </summary>
    public string? DirectMessageRule { get; set; } = "";

    /// <summary>Adds a channel rule (see <see cref="ChannelRule"/>).</summary>
    /// <param name="pattern">The channel name pattern, e.g. <c>room:{id}</c> or <c>lobby</c>.</param>
    /// <param name="rule">The join rule: null nobody, <c>""</c> everyone, else a filter expression.</param>
    /// <param name="collection">The collection whose record <c>{id}</c> names, or null.</param>
    public RealtimeOptions Channel(string pattern, string? rule, string? collection = null)
    {
        Channels.Add(new ChannelRule(pattern, rule, collection));
        return this;
    }
}
