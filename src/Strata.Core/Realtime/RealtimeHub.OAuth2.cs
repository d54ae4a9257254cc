using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Strata.Core.Realtime;

/// <summary>
/// The SDK's all-in-one OAuth2 flow (contract §4.8): the provider's redirect is handed to the realtime client whose id
/// is the OAuth2 <c>state</c>, on whichever node it is connected.
/// </summary>
public sealed partial class RealtimeHub
{
    /// <summary>The topic the SDK subscribes to while it waits for the OAuth2 redirect.</summary>
    public const string OAuth2Topic = "@oauth2";

    /// <summary>How long a redirect waits for another node to confirm that it delivered the message.</summary>
    private static readonly TimeSpan OAuth2ReplyTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _oauth2Replies = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends the <c>@oauth2</c> message <c>{state, code, error}</c> to the client whose id is <paramref name="state"/>
    /// and unsubscribes it from <c>@oauth2</c>. The client must be subscribed to <c>@oauth2</c> and must have connected
    /// from <paramref name="remoteIp"/> (the browser that opened the popup). A client on another node is reached
    /// through the backplane, which then confirms the delivery.
    /// </summary>
    /// <param name="state">The OAuth2 state: the realtime client id.</param>
    /// <param name="remoteIp">The address the redirect came from.</param>
    /// <param name="code">The authorization code, or "".</param>
    /// <param name="error">The provider's error, or "".</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>False when no such client waits for a redirect.</returns>
    public async Task<bool> CompleteOAuth2Async(string state, string remoteIp, string code, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var payload = new JsonObject { ["state"] = state, ["code"] = code };
        if (error.Length > 0)
        {
            payload["error"] = error;
        }

        if (TryDeliverOAuth2(state, remoteIp, payload.ToJsonString()))
        {
            return true;
        }

        if (!Backplane.SpansNodes || Find(state) is not null)
        {
            return false;
        }

        var reply = RandomNumberGenerator.GetString(Alphanumeric, 24);
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _oauth2Replies[reply] = delivered;
        try
        {
            await PublishAsync(RealtimeMessageTypes.OAuth2, new JsonObject
            {
                ["client"] = state, ["ip"] = remoteIp, ["data"] = payload, ["reply"] = reply,
            }, cancellationToken);
            await delivered.Task.WaitAsync(OAuth2ReplyTimeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            _oauth2Replies.TryRemove(reply, out _);
        }
    }

    /// <summary>Delivers a redirect published by another node when the client is connected here, and confirms it.</summary>
    private Task DispatchOAuth2Async(RealtimeMessage m, CancellationToken cancellationToken)
    {
        if (m.Node == NodeId || m.Data["data"] is not JsonObject payload ||
            !TryDeliverOAuth2(m.Data["client"]?.GetValue<string>() ?? "", m.Data["ip"]?.GetValue<string>() ?? "", payload.ToJsonString()))
        {
            return Task.CompletedTask;
        }

        return PublishAsync(RealtimeMessageTypes.OAuth2Delivered, new JsonObject { ["reply"] = m.Data["reply"]?.DeepClone() }, cancellationToken);
    }

    private void DispatchOAuth2Delivered(RealtimeMessage m)
    {
        if (m.Data["reply"]?.GetValue<string>() is { } reply && _oauth2Replies.TryGetValue(reply, out var delivered))
        {
            delivered.TrySetResult();
        }
    }

    private bool TryDeliverOAuth2(string clientId, string remoteIp, string payload)
    {
        if (Find(clientId) is not { } client || client.RemoteIp != remoteIp)
        {
            return false;
        }

        // Taking the subscription is atomic, so two redirects with the same state deliver once.
        var taken = client.TakeSubscriptions(OAuth2Topic);
        foreach (var sub in taken)
        {
            Send(client, Frame(client, sub.Key, payload));
        }

        return taken.Length > 0;
    }
}
