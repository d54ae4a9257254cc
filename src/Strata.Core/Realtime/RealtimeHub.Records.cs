using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Realtime;

/// <summary>Record events: per-subscriber rule checks, options and rendering (contract §6.4, §6.5).</summary>
public sealed partial class RealtimeHub
{
    private async Task DispatchRecordAsync(RealtimeMessage m, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<RecordAction>(m.Data["action"]?.GetValue<string>(), ignoreCase: true, out var action) ||
            _engine.Schema.Current.Find(m.Data["collection"]?.GetValue<string>() ?? "") is not { } collection)
        {
            return;
        }

        var record = m.LocalRecord ?? (m.Data["record"] is JsonObject values ? RecordCodec.Decode(collection, values) : null);
        if (record is null)
        {
            return;
        }

        var previousTokenKey = m.LocalPrevious?.GetString("tokenKey") ?? m.Data["previousTokenKey"]?.GetValue<string>();
        RefreshAuthBindings(action, record, previousTokenKey);
        if (_clients.IsEmpty)
        {
            return;
        }

        string[] listTopics = [collection.Name + "/*", collection.Id + "/*", collection.Name, collection.Id];
        string[] viewTopics = [collection.Name + "/" + record.Id, collection.Id + "/" + record.Id];
        var scope = new RecordEventScope(_engine, action, record);
        var payloads = new Dictionary<string, string>(StringComparer.Ordinal);
        var actionName = action.ToString().ToLowerInvariant();
        foreach (var client in _clients.Values)
        {
            foreach (var sub in client.Subscriptions)
            {
                var list = Array.Exists(listTopics, sub.Matches);
                if (!list && !Array.Exists(viewTopics, sub.Matches))
                {
                    continue;
                }

                try
                {
                    var auth = client.Auth;
                    var request = sub.Request(auth);
                    if (!await AllowedAsync(scope, list ? collection.ListRule : collection.ViewRule, list ? "l" : "v", sub, request, cancellationToken))
                    {
                        continue;
                    }

                    var payloadKey = AuthKey(auth) + "\n" + sub.Expand + "\n" + sub.Fields;
                    if (!payloads.TryGetValue(payloadKey, out var payload))
                    {
                        payload = await RenderAsync(actionName, record, sub, request, cancellationToken);
                        payloads[payloadKey] = payload;
                    }

                    Send(client, Frame(client, sub.Key, payload));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One subscriber's failing check (a database hiccup, odd data) must not cost the others the event.
                    Error?.Invoke(e);
                }
            }
        }
    }

    private static async ValueTask<bool> AllowedAsync(RecordEventScope scope, string? rule, string kind, RealtimeSubscription sub, RequestInfo request, CancellationToken cancellationToken)
    {
        var superuser = request.IsSuperuser;
        var key = AuthKey(request.Auth) + "\n" + sub.OptionsKey;
        if (!superuser && (rule is null || !await scope.MatchesAsync(rule, ResolverOptions.Rule, request, kind + key, cancellationToken)))
        {
            return false;
        }

        if (sub.Filter is not { } filter)
        {
            return true;
        }

        // Client filters may not reach into other requests or collections (contract §6.5): the event is skipped.
        if (!superuser && (filter.Contains("@request.", StringComparison.Ordinal) || filter.Contains("@collection.", StringComparison.Ordinal)))
        {
            return false;
        }

        return await scope.MatchesAsync(filter, superuser ? ResolverOptions.Superuser : ResolverOptions.Client, request, "f" + key, cancellationToken);
    }

    private async Task<string> RenderAsync(string action, Record record, RealtimeSubscription sub, RequestInfo request, CancellationToken cancellationToken)
    {
        var shown = record;
        if (sub.Expand is { } expand)
        {
            shown = record.Clone();
            try
            {
                await using var conn = await _engine.Database.OpenReadAsync(cancellationToken);
                await _engine.Records.ExpandAsync(conn, null, [shown], expand, request, cancellationToken);
            }
            catch (StrataException)
            {
                // An invalid expand leaves the record unexpanded, as a list request would not fail the event.
                shown.Expand = null;
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("action", action);
            w.WritePropertyName("record");
            RecordJsonWriter.Write(w, shown, new RecordView(request), FieldsPicker.Parse(sub.Fields));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Keeps bound auth records current (contract §6.3): updated with the record, dropped on a new tokenKey or delete.</summary>
    private void RefreshAuthBindings(RecordAction action, Record record, string? previousTokenKey)
    {
        if (record.Collection.Type != CollectionType.Auth || action == RecordAction.Create)
        {
            return;
        }

        foreach (var client in _clients.Values)
        {
            if (client.Auth is { } auth && auth.Id == record.Id && auth.Collection.Id == record.Collection.Id)
            {
                var revoked = action == RecordAction.Delete ||
                    (previousTokenKey is not null && previousTokenKey != record.GetString("tokenKey"));
                client.Auth = revoked ? null : record;
            }
        }
    }

    private void DispatchTopic(RealtimeMessage m)
    {
        var topic = m.Data["topic"]?.GetValue<string>();
        if (topic is null)
        {
            return;
        }

        var payload = m.Data["data"]?.ToJsonString() ?? "null";
        foreach (var client in _clients.Values)
        {
            foreach (var sub in client.Subscriptions)
            {
                if (sub.Matches(topic))
                {
                    Send(client, Frame(client, sub.Key, payload));
                }
            }
        }
    }

    /// <summary>The frame of a subscription event: SSE framing, or a WebSocket <c>record</c> message.</summary>
    private static string Frame(RealtimeClient client, string key, string payload) => client.Kind == RealtimeClientKind.Sse
        ? "id:" + client.Id + "\nevent:" + key + "\ndata:" + payload + "\n\n"
        : "{\"type\":\"event\",\"topic\":" + JsonSerializer.Serialize(key) + ",\"data\":" + payload + "}";

    private static string AuthKey(Record? auth) => auth is null ? "guest" : auth.Collection.Id + "/" + auth.Id;
}
