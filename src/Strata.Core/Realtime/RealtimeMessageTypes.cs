namespace Strata.Core.Realtime;

/// <summary>The backplane message types.</summary>
public static class RealtimeMessageTypes
{
    /// <summary>A committed record change: <c>{action, collection, record}</c>.</summary>
    public const string Record = "record";

    /// <summary>A message for a custom SSE topic: <c>{topic, data}</c>.</summary>
    public const string Topic = "topic";

    /// <summary>A channel message: <c>{channel, from, conn, data}</c>.</summary>
    public const string Channel = "channel";

    /// <summary>A connection joined a channel: <c>{channel, user, key, conn}</c>.</summary>
    public const string PresenceJoin = "pjoin";

    /// <summary>A connection left a channel: <c>{channel, key, conn}</c>.</summary>
    public const string PresenceLeave = "pleave";

    /// <summary>A node started and asks the others to re-announce their channel members.</summary>
    public const string PresenceSync = "psync";

    /// <summary>A direct message to one user's connections: <c>{to, from, data}</c>.</summary>
    public const string Direct = "direct";

    /// <summary>An OAuth2 redirect for a realtime client on some node: <c>{client, ip, data, reply}</c>.</summary>
    public const string OAuth2 = "oauth2";

    /// <summary>The node of that client delivered the redirect: <c>{reply}</c>.</summary>
    public const string OAuth2Delivered = "oauth2ok";
}
