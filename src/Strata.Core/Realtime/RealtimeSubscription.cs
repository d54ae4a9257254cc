using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Records;

namespace Strata.Core.Realtime;

/// <summary>
/// One subscription key as the client sent it (contract §6.2, §6.3): <c>collection/*</c>, <c>collection/RECORD_ID</c>,
/// a bare <c>collection</c> or a custom topic, optionally followed by <c>?options=</c> with the query and headers
/// that rules and options see.
/// </summary>
public sealed class RealtimeSubscription
{
    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);

    private RealtimeSubscription(string key, string path)
    {
        Key = key;
        Path = path;
    }

    /// <summary>The raw key (the SSE event name).</summary>
    public string Key { get; }

    /// <summary>The key without its <c>?…</c> part.</summary>
    public string Path { get; }

    /// <summary><c>options.query</c>, values as text.</summary>
    public IReadOnlyDictionary<string, string> Query { get; private init; } = Empty;

    /// <summary><c>options.headers</c> with snake_case lower-case names.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private init; } = Empty;

    /// <summary>A short text that differs when the options differ (cache key).</summary>
    public string OptionsKey { get; private init; } = "";

    /// <summary>The <c>filter</c> option, or null.</summary>
    public string? Filter => Query.GetValueOrDefault("filter") is { Length: > 0 } f ? f : null;

    /// <summary>The <c>expand</c> option, or null.</summary>
    public string? Expand => Query.GetValueOrDefault("expand") is { Length: > 0 } e ? e : null;

    /// <summary>The <c>fields</c> option, or null.</summary>
    public string? Fields => Query.GetValueOrDefault("fields") is { Length: > 0 } f ? f : null;

    /// <summary>The request rules see for this subscription (contract §6.5).</summary>
    /// <param name="auth">The client's bound auth record.</param>
    public RequestInfo Request(Record? auth) => new() { Auth = auth, Method = "GET", Context = "realtime", Query = Query, Headers = Headers };

    /// <summary>True when this subscription receives events published under <paramref name="prefix"/> (contract §6.2).</summary>
    /// <param name="prefix">A topic such as <c>posts/*</c>, <c>posts/r1</c> or <c>posts</c>.</param>
    public bool Matches(string prefix) => string.Equals(Path, prefix, StringComparison.Ordinal);

    /// <summary>Parses a key; bad options are ignored (the key still matches its path).</summary>
    /// <param name="key">The key.</param>
    public static RealtimeSubscription Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var q = key.IndexOf('?', StringComparison.Ordinal);
        if (q < 0)
        {
            return new RealtimeSubscription(key, key);
        }

        var path = key[..q];
        string? raw = null;
        foreach (var part in key[(q + 1)..].Split('&'))
        {
            if (part.StartsWith("options=", StringComparison.Ordinal))
            {
                raw = part["options=".Length..];
            }
        }

        if (raw is null)
        {
            return new RealtimeSubscription(key, path);
        }

        try
        {
            if (JsonNode.Parse(Uri.UnescapeDataString(raw.Replace('+', ' '))) is not JsonObject options)
            {
                return new RealtimeSubscription(key, path);
            }

            var query = Strings(options["query"] as JsonObject, n => n);
            var headers = Strings(options["headers"] as JsonObject, RequestInfo.NormalizeHeaderName);
            return new RealtimeSubscription(key, path) { Query = query, Headers = headers, OptionsKey = key[q..] };
        }
        catch (Exception e) when (e is JsonException or UriFormatException or InvalidOperationException)
        {
            return new RealtimeSubscription(key, path);
        }
    }

    private static Dictionary<string, string> Strings(JsonObject? o, Func<string, string> name)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o is null)
        {
            return d;
        }

        foreach (var (k, v) in o)
        {
            d[name(k)] = v switch
            {
                null => "",
                JsonValue jv when jv.TryGetValue<string>(out var s) => s,
                _ => v.ToJsonString(),
            };
        }

        return d;
    }
}
