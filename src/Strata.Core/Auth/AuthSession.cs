using System.Text.Json.Nodes;

namespace Strata.Core.Auth;

/// <summary>A server-side session: one login of one auth record on one device, with every token issued within it.</summary>
public sealed class AuthSession
{
    /// <summary>The session id.</summary>
    public required string Id { get; init; }

    /// <summary>The auth collection's id.</summary>
    public required string CollectionId { get; init; }

    /// <summary>The auth record's id.</summary>
    public required string RecordId { get; init; }

    /// <summary>False for sessions of non-refreshable (impersonation) tokens.</summary>
    public bool Refreshable { get; init; }

    /// <summary>The User-Agent the session was opened from.</summary>
    public string UserAgent { get; init; } = "";

    /// <summary>The IP address the session was opened from.</summary>
    public string Ip { get; init; } = "";

    /// <summary>When it was opened.</summary>
    public string Created { get; init; } = "";

    /// <summary>When it was last used (updated at most every few minutes).</summary>
    public string LastSeen { get; init; } = "";

    /// <summary>When its newest token expires.</summary>
    public string Expires { get; init; } = "";

    /// <summary>The session as the API lists it.</summary>
    /// <param name="currentId">The id of the requester's own session, to mark it.</param>
    public JsonObject ToJson(string? currentId) => new()
    {
        ["id"] = Id, ["collectionId"] = CollectionId, ["recordId"] = RecordId, ["refreshable"] = Refreshable,
        ["userAgent"] = UserAgent, ["ip"] = Ip, ["created"] = Created, ["lastSeen"] = LastSeen, ["expires"] = Expires,
        ["current"] = Id == currentId,
    };
}
