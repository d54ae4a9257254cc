using System.Text.Json;
using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>Typed reads of the JSON-kept <c>otp</c>, <c>mfa</c> and <c>oauth2</c> objects, with the contract's defaults.</summary>
public sealed partial class AuthOptions
{
    /// <summary>Whether OTP login is on.</summary>
    public bool OtpEnabled => Flag(AuthDefaults.Merge(AuthDefaults.Otp(), Otp));

    /// <summary>How long an OTP is valid, in seconds.</summary>
    public long OtpDuration => (long)AuthDefaults.Number(AuthDefaults.Merge(AuthDefaults.Otp(), Otp), "duration", 180);

    /// <summary>The number of digits of an OTP.</summary>
    public int OtpLength => Math.Clamp((int)AuthDefaults.Number(AuthDefaults.Merge(AuthDefaults.Otp(), Otp), "length", 8), 4, 32);

    /// <summary>The OTP mail.</summary>
    public EmailTemplate OtpTemplate
    {
        get
        {
            var t = AuthDefaults.Merge(AuthDefaults.Otp(), Otp)["emailTemplate"] as JsonObject ?? [];
            return new EmailTemplate { Subject = ValueCast.ToText(t["subject"]), Body = ValueCast.ToText(t["body"]) };
        }
    }

    /// <summary>Whether a second factor is required.</summary>
    public bool MfaEnabled => Flag(AuthDefaults.Merge(AuthDefaults.Mfa(), Mfa));

    /// <summary>How long an MFA session stays open, in seconds.</summary>
    public long MfaDuration => (long)AuthDefaults.Number(AuthDefaults.Merge(AuthDefaults.Mfa(), Mfa), "duration", 600);

    /// <summary>The rule deciding which records need MFA; empty means all.</summary>
    public string MfaRule => ValueCast.ToText(AuthDefaults.Merge(AuthDefaults.Mfa(), Mfa)["rule"]);

    /// <summary>Whether OAuth2 login is on.</summary>
    public bool OAuth2Enabled => Flag(AuthDefaults.Merge(AuthDefaults.OAuth2(), OAuth2));

    /// <summary>The configured providers as stored (including the write-only <c>clientSecret</c>).</summary>
    public IReadOnlyList<JsonObject> OAuth2Providers =>
        OAuth2["providers"] is JsonArray a ? [.. a.OfType<JsonObject>()] : [];

    /// <summary>Which record field receives each OAuth2 user value (<c>id</c>, <c>name</c>, <c>username</c>, <c>avatarURL</c>).</summary>
    public IReadOnlyDictionary<string, string> OAuth2MappedFields =>
        (AuthDefaults.Merge(AuthDefaults.OAuth2(), OAuth2)["mappedFields"] as JsonObject ?? [])
            .Select(p => (p.Key, Value: ValueCast.ToText(p.Value)))
            .Where(p => p.Value.Length > 0)
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static bool Flag(JsonObject o) => ValueCast.Kind(o["enabled"]) == JsonValueKind.True;
}
