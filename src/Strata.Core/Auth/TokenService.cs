using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

/// <summary>
/// Record tokens per contract §4.12: compact HS256 JWTs whose key is the record's tokenKey followed by the
/// collection's secret for that token kind, so changing either revokes the token.
/// </summary>
public sealed class TokenService
{
    private const int MaxCachedKeys = 4096;
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _clock;

    // Validation parameters per signing key (tokenKey + secret). Reusing the key object lets the library keep its
    // HMAC signature provider for it instead of building one per request; the set is small (one per auth record and
    // token kind in use) and is simply dropped when it grows past the bound.
    private readonly ConcurrentDictionary<string, TokenValidationParameters> _validation = new(StringComparer.Ordinal);

    /// <summary>Creates the service.</summary>
    /// <param name="clock">The clock for expiry.</param>
    public TokenService(TimeProvider clock) => _clock = clock;

    /// <summary>The clock tokens expire by.</summary>
    public TimeProvider Clock => _clock;

    /// <summary>Issues an auth token for a record of an auth collection.</summary>
    /// <param name="record">The auth record.</param>
    /// <param name="refreshable">False for impersonation tokens.</param>
    /// <param name="durationSeconds">Lifetime; 0 for the collection's authToken duration.</param>
    public string CreateAuthToken(Record record, bool refreshable = true, long durationSeconds = 0)
    {
        ArgumentNullException.ThrowIfNull(record);
        var auth = record.Collection.Auth ?? throw new InvalidOperationException("Not an auth collection.");
        var duration = durationSeconds > 0 ? durationSeconds : auth.AuthToken.Duration;
        var exp = _clock.GetUtcNow().ToUnixTimeSeconds() + duration;
        // Hand-built payload: ids are [a-z0-9] and the claim set is fixed, so the base64url form never holds '-' or '_'
        // (the SDK decodes it with atob).
        var payload = string.Create(CultureInfo.InvariantCulture,
            $"{{\"collectionId\":\"{record.Collection.Id}\",\"exp\":{exp},\"id\":\"{record.Id}\",\"refreshable\":{(refreshable ? "true" : "false")},\"type\":\"auth\"}}");
        return Sign(payload, Key(record, auth.AuthToken.Secret));
    }

    /// <summary>
    /// Issues a verification, password-reset or email-change token (contract §4.12): <c>id</c>, <c>type</c>,
    /// <c>collectionId</c>, <c>exp</c> plus the string claims given, signed with tokenKey + the kind's secret.
    /// </summary>
    /// <param name="record">The auth record.</param>
    /// <param name="type">The token type, e.g. <c>verification</c>.</param>
    /// <param name="config">The collection's settings for that kind.</param>
    /// <param name="claims">Extra string claims such as <c>email</c> and <c>newEmail</c>.</param>
    public string CreateActionToken(Record record, string type, TokenConfig config, IReadOnlyList<(string Name, string Value)> claims)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(claims);
        var exp = _clock.GetUtcNow().ToUnixTimeSeconds() + config.Duration;
        var parts = new List<string>
        {
            $"\"collectionId\":\"{record.Collection.Id}\"",
            string.Create(CultureInfo.InvariantCulture, $"\"exp\":{exp}"),
            $"\"id\":\"{record.Id}\"",
            "\"type\":" + JsonSerializer.Serialize(type),
        };
        parts.AddRange(claims.Select(c => JsonSerializer.Serialize(c.Name) + ":" + JsonSerializer.Serialize(c.Value)));
        return Sign(AtobSafe(parts), Key(record, config.Secret));
    }

    /// <summary>
    /// Validates a non-auth token of <paramref name="type"/> against <paramref name="record"/> (signature with tokenKey +
    /// secret, expiry) and returns its string claims, or null when it is not valid.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="type">The expected type.</param>
    /// <param name="record">The record the token names.</param>
    /// <param name="secret">The collection secret of the token's kind.</param>
    public async Task<IReadOnlyDictionary<string, string>?> ValidateActionTokenAsync(string token, string type, Record record, string secret)
    {
        ArgumentNullException.ThrowIfNull(record);
        var result = await ValidateAsync(token, record, secret);
        if (result is null || !result.Claims.TryGetValue("type", out var t) || t as string != type)
        {
            return null;
        }

        return result.Claims.Where(c => c.Value is string).ToDictionary(c => c.Key, c => (string)c.Value, StringComparer.Ordinal);
    }

    /// <summary>Issues a short-lived file token (contract §4.12, §5.3): claims id, type=file, collectionId, exp.</summary>
    /// <param name="record">The auth record the token belongs to.</param>
    public string CreateFileToken(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var auth = record.Collection.Auth ?? throw new InvalidOperationException("Not an auth collection.");
        // The same claims and signing as the other non-auth tokens, with no extra claims.
        return CreateActionToken(record, "file", auth.FileToken, []);
    }

    /// <summary>Reads the unverified <c>id</c>, <c>collectionId</c> and <c>type</c> claims, or null when malformed.</summary>
    /// <param name="token">The token.</param>
    public static UnverifiedToken? ReadUnverified(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096 || !Handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            var jwt = new JsonWebToken(token);
            if (jwt.TryGetPayloadValue<string>("id", out var id) &&
                jwt.TryGetPayloadValue<string>("collectionId", out var cid) &&
                jwt.TryGetPayloadValue<string>("type", out var type))
            {
                return new UnverifiedToken(id, cid, type, jwt);
            }
        }
        catch (ArgumentException)
        {
        }

        return null;
    }

    /// <summary>
    /// Verifies a token already read with <see cref="ReadUnverified"/> (without parsing it again); returns whether it is
    /// refreshable, or null when the signature or expiry fails.
    /// </summary>
    /// <param name="token">The token as read.</param>
    /// <param name="record">The record it claims to belong to.</param>
    /// <param name="secret">The collection secret of the token's kind.</param>
    public async Task<bool?> VerifyAsync(UnverifiedToken token, Record record, string secret)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(record);
        var result = await Handler.ValidateTokenAsync(token.Token, Parameters(record, secret));
        // Read from the parsed payload: TokenValidationResult.Claims would build a dictionary of every claim.
        return result.IsValid ? token.Token.TryGetPayloadValue<bool>("refreshable", out var refreshable) && refreshable : null;
    }

    private async Task<TokenValidationResult?> ValidateAsync(string token, Record record, string secret)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var result = await Handler.ValidateTokenAsync(token, Parameters(record, secret));
        return result.IsValid ? result : null;
    }

    private TokenValidationParameters Parameters(Record record, string secret)
    {
        var keyText = record.GetString("tokenKey") + secret;
        if (_validation.TryGetValue(keyText, out var cached))
        {
            return cached;
        }

        if (_validation.Count >= MaxCachedKeys)
        {
            _validation.Clear();
        }

        return _validation.GetOrAdd(keyText, k => new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(k)),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > _clock.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>
    /// The JSON payload from its members, with a space after some commas when needed so that the base64url form holds
    /// no <c>-</c> or <c>_</c>: the SDK decodes payloads with <c>atob</c>, which rejects those two characters.
    /// </summary>
    private static string AtobSafe(List<string> members)
    {
        var first = "{" + string.Join(",", members) + "}";
        for (var mask = 0; mask < 1 << Math.Min(members.Count - 1, 10); mask++)
        {
            var sb = new StringBuilder("{");
            for (var i = 0; i < members.Count; i++)
            {
                sb.Append(members[i]);
                if (i < members.Count - 1)
                {
                    sb.Append((mask & (1 << i)) != 0 ? ", " : ",");
                }
            }

            var json = sb.Append('}').ToString();
            var b64 = Base64UrlEncoder.Encode(json);
            if (!b64.Contains('-', StringComparison.Ordinal) && !b64.Contains('_', StringComparison.Ordinal))
            {
                return json;
            }
        }

        return first;
    }

    private static SymmetricSecurityKey Key(Record record, string secret) =>
        new(Encoding.UTF8.GetBytes(record.GetString("tokenKey") + secret));

    private static string Sign(string payload, SymmetricSecurityKey key) =>
        Handler.CreateToken(payload, new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
}
