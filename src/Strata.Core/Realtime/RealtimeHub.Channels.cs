using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Core.Realtime;

/// <summary>Broadcast channels, presence and direct messages (the WebSocket protocol, docs/realtime.md).</summary>
public sealed partial class RealtimeHub
{
    private readonly Dictionary<string, Dictionary<string, PresenceEntry>> _presence = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, RealtimeClient>> _members = new(StringComparer.Ordinal);

    /// <summary>
    /// Joins a channel when a <see cref="RealtimeOptions.Channels"/> rule lets the client in; returns the users
    /// present afterwards (each once, however many connections they have).
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="channel">The channel name (1-200 characters: letters, digits, <c>_ - : . / @</c>).</param>
    /// <param name="cancellationToken">Cancels the rule check.</param>
    /// <exception cref="StrataException">400 for a bad name or too many channels, 403 when the rule denies it.</exception>
    public async Task<JsonArray> JoinAsync(RealtimeClient client, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        CheckChannelName(channel);
        if (!await MayJoinAsync(client, channel, cancellationToken))
        {
            throw StrataException.Forbidden("You are not allowed to join this channel.");
        }

        if (client.InChannel(channel))
        {
            return Present(channel);
        }

        var data = new JsonObject { ["channel"] = channel, ["key"] = client.UserKey, ["user"] = UserJson(client), ["conn"] = NodeId + "/" + client.Id };
        if (!client.AddChannel(channel, Options.MaxChannelsPerConnection, data))
        {
            throw StrataException.BadRequest($"A connection may join at most {Options.MaxChannelsPerConnection} channels.");
        }

        lock (_members)
        {
            (_members.TryGetValue(channel, out var m) ? m : _members[channel] = new(StringComparer.Ordinal))[client.Id] = client;
        }

        ApplyPresence(new RealtimeMessage(RealtimeMessageTypes.PresenceJoin, data) { Node = NodeId });
        if (Backplane.SpansNodes)
        {
            await PublishAsync(RealtimeMessageTypes.PresenceJoin, (JsonObject)data.DeepClone(), cancellationToken);
        }

        return Present(channel);
    }

    /// <summary>Leaves a channel (nothing happens when the client was not in it).</summary>
    /// <param name="client">The client.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    public async Task LeaveAsync(RealtimeClient client, string channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.RemoveChannel(channel) is not { } data)
        {
            return;
        }

        lock (_members)
        {
            if (_members.TryGetValue(channel, out var m) && m.Remove(client.Id) && m.Count == 0)
            {
                _members.Remove(channel);
            }
        }

        ApplyPresence(new RealtimeMessage(RealtimeMessageTypes.PresenceLeave, data) { Node = NodeId });
        if (Backplane.SpansNodes)
        {
            await PublishAsync(RealtimeMessageTypes.PresenceLeave, (JsonObject)data.DeepClone(), cancellationToken);
        }
    }

    /// <summary>Sends a message to every other connection in a channel, on every node.</summary>
    /// <param name="client">The sender, who must have joined the channel.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="payload">Any JSON.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <exception cref="StrataException">403 when the sender is not in the channel.</exception>
    public Task BroadcastAsync(RealtimeClient client, string channel, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!client.InChannel(channel))
        {
            throw StrataException.Forbidden("Join the channel before sending to it.");
        }

        return PublishAsync(RealtimeMessageTypes.Channel, new JsonObject
        {
            ["channel"] = channel, ["from"] = UserJson(client), ["conn"] = client.Id, ["data"] = payload?.DeepClone(),
        }, cancellationToken);
    }

    /// <summary>
    /// Sends a message to every connection of one user, on every node. The sender must be signed in and the target
    /// must exist and satisfy <see cref="RealtimeOptions.DirectMessageRule"/>.
    /// </summary>
    /// <param name="client">The sender.</param>
    /// <param name="to">The target record id.</param>
    /// <param name="collection">The target's auth collection; null for the sender's own.</param>
    /// <param name="payload">Any JSON.</param>
    /// <param name="cancellationToken">Cancels the check and publishing.</param>
    /// <exception cref="StrataException">401 for a guest, 404 for an unknown or forbidden target.</exception>
    public async Task DirectAsync(RealtimeClient client, string to, string? collection, JsonNode? payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var auth = client.Auth ?? throw StrataException.Unauthorized();
        var target = (collection is null ? auth.Collection : _engine.Schema.Current.Find(collection)) ?? throw StrataException.NotFound("Missing collection context.");
        var request = new RequestInfo { Auth = auth, Method = "POST", Context = "realtime" };
        var rule = Options.DirectMessageRule;
        var allowed = request.IsSuperuser ? await _engine.Records.FindAsync(target, to, cancellationToken) is not null
            : rule is not null && target.Type == Schema.CollectionType.Auth &&
              (rule.Trim().Length == 0 ? await _engine.Records.FindAsync(target, to, cancellationToken) is not null
                  : await _engine.Records.MatchesAsync(target, to, rule, ResolverOptions.Rule, request, cancellationToken));
        if (!allowed)
        {
            throw StrataException.NotFound("The recipient was not found.");
        }

        await PublishAsync(RealtimeMessageTypes.Direct, new JsonObject
        {
            ["to"] = target.Id + "/" + to, ["from"] = UserJson(client), ["data"] = payload?.DeepClone(),
        }, cancellationToken);
    }

    /// <summary>The users present in a channel (across nodes), each once.</summary>
    /// <param name="channel">The channel.</param>
    public JsonArray Present(string channel)
    {
        lock (_presence)
        {
            return _presence.TryGetValue(channel, out var users)
                ? [.. users.Values.Select(u => (JsonNode)u.User.DeepClone())]
                : [];
        }
    }

    private async Task<bool> MayJoinAsync(RealtimeClient client, string channel, CancellationToken cancellationToken)
    {
        var auth = client.Auth;
        var request = new RequestInfo { Auth = auth, Method = "GET", Context = "realtime" };
        if (request.IsSuperuser)
        {
            return true;
        }

        string? id = null;
        var rule = Options.Channels.FirstOrDefault(r => r.Matches(channel, out id));
        if (rule?.Rule is not { } expression)
        {
            return false;
        }

        request = new RequestInfo
        {
            Auth = auth, Method = "GET", Context = "realtime",
            Query = new Dictionary<string, string>(StringComparer.Ordinal) { ["channel"] = channel, ["id"] = id ?? "" },
        };
        if (rule.Collection is { } name)
        {
            return id is not null && _engine.Schema.Current.Find(name) is { } c &&
                (expression.Trim().Length == 0 ? await _engine.Records.FindAsync(c, id, cancellationToken) is not null
                    : await _engine.Records.MatchesAsync(c, id, expression, ResolverOptions.Rule, request, cancellationToken));
        }

        if (expression.Trim().Length == 0)
        {
            return true;
        }

        return auth is not null && await _engine.Records.MatchesAsync(auth.Collection, auth.Id, expression, ResolverOptions.Rule, request, cancellationToken);
    }

    private static void CheckChannelName(string channel)
    {
        if (string.IsNullOrEmpty(channel) || channel.Length > 200 || !ChannelName().IsMatch(channel))
        {
            throw StrataException.BadRequest("Invalid channel name: use 1-200 letters, digits and _ - : . / @.");
        }
    }

    private static JsonObject UserJson(RealtimeClient client) => client.Auth is { } a
        ? new JsonObject { ["key"] = client.UserKey, ["id"] = a.Id, ["collectionName"] = a.Collection.Name }
        : new JsonObject { ["key"] = client.UserKey, ["id"] = "", ["collectionName"] = "" };

    private void DispatchChannel(RealtimeMessage m)
    {
        var channel = m.Data["channel"]?.GetValue<string>() ?? "";
        var fromConn = m.Node == NodeId ? m.Data["conn"]?.GetValue<string>() : null;
        var frame = new JsonObject
        {
            ["type"] = "message", ["channel"] = channel, ["from"] = m.Data["from"]?.DeepClone(), ["data"] = m.Data["data"]?.DeepClone(),
        }.ToJsonString();
        foreach (var client in Members(channel))
        {
            if (client.Id != fromConn)
            {
                Send(client, frame);
            }
        }
    }

    private void DispatchDirect(RealtimeMessage m)
    {
        var to = m.Data["to"]?.GetValue<string>() ?? "";
        var frame = new JsonObject { ["type"] = "direct", ["from"] = m.Data["from"]?.DeepClone(), ["data"] = m.Data["data"]?.DeepClone() }.ToJsonString();
        foreach (var client in _clients.Values)
        {
            if (client.Kind == RealtimeClientKind.WebSocket && client.UserKey == to)
            {
                Send(client, frame);
            }
        }
    }

    /// <summary>Applies a join or leave to the shared presence map; a user's first join and last leave notify the channel.</summary>
    private void ApplyPresence(RealtimeMessage m)
    {
        var channel = m.Data["channel"]?.GetValue<string>() ?? "";
        var key = m.Data["key"]?.GetValue<string>() ?? "";
        var conn = m.Data["conn"]?.GetValue<string>() ?? "";
        var join = m.Type == RealtimeMessageTypes.PresenceJoin;
        bool changed;
        JsonObject user;
        lock (_presence)
        {
            if (!_presence.TryGetValue(channel, out var users))
            {
                users = _presence[channel] = new(StringComparer.Ordinal);
            }

            if (!users.TryGetValue(key, out var entry))
            {
                entry = users[key] = new PresenceEntry((m.Data["user"] as JsonObject)?.DeepClone() as JsonObject ?? []);
            }

            changed = join ? entry.Connections.Add(conn) && entry.Connections.Count == 1 : entry.Connections.Remove(conn) && entry.Connections.Count == 0;
            user = entry.User;
            if (entry.Connections.Count == 0)
            {
                users.Remove(key);
                if (users.Count == 0)
                {
                    _presence.Remove(channel);
                }
            }
        }

        if (!changed)
        {
            return;
        }

        string frame;
        lock (_presence)
        {
            frame = new JsonObject { ["type"] = "presence", ["channel"] = channel, ["event"] = join ? "join" : "leave", ["user"] = user.DeepClone() }.ToJsonString();
        }

        foreach (var client in Members(channel))
        {
            Send(client, frame);
        }
    }

    /// <summary>Re-announces this node's channel members, for a node that just started.</summary>
    private async Task AnnouncePresenceAsync(CancellationToken cancellationToken)
    {
        foreach (var client in _clients.Values)
        {
            foreach (var (_, presence) in client.ChannelEntries())
            {
                await PublishAsync(RealtimeMessageTypes.PresenceJoin, (JsonObject)presence.DeepClone(), cancellationToken);
            }
        }
    }

    private RealtimeClient[] Members(string channel)
    {
        lock (_members)
        {
            return _members.TryGetValue(channel, out var m) ? [.. m.Values] : [];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_:./@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelName();

    private sealed record PresenceEntry(JsonObject User)
    {
        public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);
    }
}
