using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strata.Bench.Baseline;

/// <summary>
/// Verifies a Strata auth token the way Strata does: read the claims, load the users row,
/// check the HS256 signature with <c>tokenKey + collection secret</c> and the expiry.
/// </summary>
public sealed class TokenCheck
{
    private readonly IPostStore _store;
    private readonly string _secret;

    public TokenCheck(IPostStore store, string secret)
    {
        _store = store;
        _secret = secret;
    }

    /// <summary>The authenticated user's id, or null for a guest (no or invalid token).</summary>
    public async Task<string?> AuthenticateAsync(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : header;
        var dot1 = token.IndexOf('.', StringComparison.Ordinal);
        var dot2 = dot1 < 0 ? -1 : token.IndexOf('.', dot1 + 1);
        if (dot2 < 0 || token.Length > 4096)
        {
            return null;
        }

        var payload = Base64Url.DecodeFromChars(token.AsSpan(dot1 + 1, dot2 - dot1 - 1));
        string? id = null, type = null;
        long exp = 0;
        var r = new Utf8JsonReader(payload);
        while (r.Read())
        {
            if (r.TokenType != JsonTokenType.PropertyName || r.CurrentDepth != 1)
            {
                continue;
            }

            if (r.ValueTextEquals("id"u8))
            {
                r.Read();
                id = r.GetString();
            }
            else if (r.ValueTextEquals("type"u8))
            {
                r.Read();
                type = r.GetString();
            }
            else if (r.ValueTextEquals("exp"u8))
            {
                r.Read();
                exp = r.GetInt64();
            }
        }

        if (id is null || type != "auth" || exp <= DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            return null;
        }

        var tokenKey = await _store.FindUserTokenKeyAsync(id);
        if (tokenKey is null)
        {
            return null;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(tokenKey + _secret), Encoding.ASCII.GetBytes(token, 0, dot2), mac);
        Span<byte> sig = stackalloc byte[64];
        return Base64Url.TryDecodeFromChars(token.AsSpan(dot2 + 1), sig, out var n) && n == 32 &&
            CryptographicOperations.FixedTimeEquals(mac, sig[..32]) ? id : null;
    }
}
