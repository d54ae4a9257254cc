namespace Strata.Core.Schema;

/// <summary>A token kind's settings on an auth collection: its lifetime and its signing secret.</summary>
public sealed class TokenConfig
{
    /// <summary>Lifetime in seconds (at least 10).</summary>
    public long Duration { get; set; }

    /// <summary>The write-only signing secret (30-255 chars), mixed with each record's tokenKey.</summary>
    public string Secret { get; set; } = "";

    /// <summary>A copy.</summary>
    public TokenConfig Clone() => new() { Duration = Duration, Secret = Secret };
}
