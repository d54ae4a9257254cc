namespace Strata.Core.Realtime;

/// <summary>How a realtime client is connected.</summary>
public enum RealtimeClientKind
{
    /// <summary>Server-Sent Events (<c>GET /api/realtime</c>, the PocketBase protocol).</summary>
    Sse,

    /// <summary>The WebSocket endpoint <c>/api/strata/realtime</c>.</summary>
    WebSocket,
}
