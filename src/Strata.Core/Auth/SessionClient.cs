namespace Strata.Core.Auth;

/// <summary>Who a session was opened from: shown in the session list so a user can tell devices apart.</summary>
/// <param name="UserAgent">The client's User-Agent (the device label), truncated.</param>
/// <param name="Ip">The client's IP address.</param>
public sealed record SessionClient(string UserAgent, string Ip)
{
    /// <summary>No client information (tokens issued outside an HTTP request).</summary>
    public static SessionClient None { get; } = new("", "");

    /// <summary>Builds one from request values, truncating the user agent to 300 characters.</summary>
    /// <param name="userAgent">The User-Agent header, or null.</param>
    /// <param name="ip">The remote address, or null.</param>
    public static SessionClient Of(string? userAgent, string? ip) =>
        new(userAgent is { Length: > 300 } ? userAgent[..300] : userAgent ?? "", ip ?? "");
}
