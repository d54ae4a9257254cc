using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Core.Webhooks;

/// <summary>
/// The signature of a webhook delivery: header <c>X-Strata-Signature: t=UNIX_SECONDS,v1=HEX</c>, where HEX is
/// HMAC-SHA256 with the subscription's secret over <c>UNIX_SECONDS + "." + raw body</c>. Receivers recompute it,
/// compare in constant time, and refuse old timestamps to stop replays.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header name.</summary>
    public const string Header = "X-Strata-Signature";

    /// <summary>Computes the header value.</summary>
    /// <param name="secret">The subscription's secret.</param>
    /// <param name="timestamp">Unix seconds.</param>
    /// <param name="body">The exact body bytes.</param>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var message = new byte[t.Length + 1 + body.Length];
        Encoding.ASCII.GetBytes(t, message);
        message[t.Length] = (byte)'.';
        body.CopyTo(message.AsSpan(t.Length + 1));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Verifies a header value (what a receiver does), allowing <paramref name="tolerance"/> of clock skew.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="header">The header value.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="now">The receiver's time.</param>
    /// <param name="tolerance">How old a timestamp may be.</param>
    public static bool Verify(string secret, string? header, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var ts) ||
            !parts.TryGetValue("v1", out var v1) || Math.Abs(now.ToUnixTimeSeconds() - ts) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Sign(secret, ts, body);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes($"t={t},v1={v1}"));
    }
}
