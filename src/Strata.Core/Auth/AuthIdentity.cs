using Strata.Core.Records;

namespace Strata.Core.Auth;

/// <summary>What a request's <c>Authorization</c> header resolved to: the auth record and how it was presented.</summary>
public sealed class AuthIdentity
{
    /// <summary>The auth record the request acts as.</summary>
    public required Record Record { get; init; }

    /// <summary>Whether the presented token may be refreshed (false for API keys and impersonation tokens).</summary>
    public bool Refreshable { get; init; }

    /// <summary>The server-side session of the presented token, or null for API keys.</summary>
    public string? SessionId { get; init; }

    /// <summary>The API key the request was made with, or null for tokens.</summary>
    public ApiKey? ApiKey { get; init; }
}
