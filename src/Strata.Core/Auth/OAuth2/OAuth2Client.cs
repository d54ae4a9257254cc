using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Strata.Core.Errors;
using Strata.Core.Schema;

namespace Strata.Core.Auth.OAuth2;

/// <summary>
/// The client side of the OAuth2 authorization-code flow (RFC 6749 §4.1, PKCE per RFC 7636): the authorization URL,
/// the code exchange at the token endpoint and the user-info fetch, plus OpenID discovery for <c>extra.issuer</c>.
/// </summary>
public static class OAuth2Client
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    private static readonly ConcurrentDictionary<string, JsonObject> Discovery = new(StringComparer.Ordinal);

    /// <summary>Fresh per-request values for one authorization attempt.</summary>
    /// <param name="State">The <c>state</c> (30 random chars).</param>
    /// <param name="CodeVerifier">The PKCE verifier (43 chars), empty without PKCE.</param>
    /// <param name="CodeChallenge">base64url(SHA-256(verifier)), empty without PKCE.</param>
    public readonly record struct Attempt(string State, string CodeVerifier, string CodeChallenge);

    /// <summary>A new state and, for PKCE providers, a verifier and its S256 challenge.</summary>
    /// <param name="pkce">Whether the provider uses PKCE.</param>
    public static Attempt NewAttempt(bool pkce)
    {
        var state = RandomId.Secret(30);
        if (!pkce)
        {
            return new Attempt(state, "", "");
        }

        var verifier = RandomId.Secret(43);
        return new Attempt(state, verifier, Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    /// <summary>The authorization URL, ending in <c>&amp;redirect_uri=</c> for the client to complete (contract §4.1).</summary>
    /// <param name="provider">The provider (endpoints resolved).</param>
    /// <param name="attempt">The state and PKCE values.</param>
    public static string AuthUrl(OAuth2Provider provider, Attempt attempt)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var q = new List<(string, string)> { ("client_id", provider.ClientId) };
        if (attempt.CodeChallenge.Length > 0)
        {
            q.Add(("code_challenge", attempt.CodeChallenge));
            q.Add(("code_challenge_method", "S256"));
        }

        q.Add(("response_type", "code"));
        q.Add(("scope", string.Join(' ', provider.Scopes)));
        q.Add(("state", attempt.State));
        var query = string.Join('&', q.Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2)));
        return provider.AuthUrl + (provider.AuthUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query + "&redirect_uri=";
    }

    /// <summary>Fills missing endpoints from the issuer's <c>/.well-known/openid-configuration</c> (cached).</summary>
    /// <param name="provider">The provider; changed in place.</param>
    /// <param name="cancellationToken">Cancels the fetch.</param>
    public static async Task ResolveAsync(OAuth2Provider provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (provider.Issuer.Length == 0 || (provider.AuthUrl.Length > 0 && provider.TokenUrl.Length > 0 && provider.UserInfoUrl.Length > 0))
        {
            return;
        }

        if (!Discovery.TryGetValue(provider.Issuer, out var doc))
        {
            doc = await GetJsonAsync(provider.Issuer.TrimEnd('/') + "/.well-known/openid-configuration", null, cancellationToken)
                ?? throw StrataException.BadRequest("Failed to read the OpenID configuration of the provider.");
            Discovery[provider.Issuer] = doc;
        }

        provider.AuthUrl = provider.AuthUrl.Length > 0 ? provider.AuthUrl : ValueCast.ToText(doc["authorization_endpoint"]);
        provider.TokenUrl = provider.TokenUrl.Length > 0 ? provider.TokenUrl : ValueCast.ToText(doc["token_endpoint"]);
        provider.UserInfoUrl = provider.UserInfoUrl.Length > 0 ? provider.UserInfoUrl : ValueCast.ToText(doc["userinfo_endpoint"]);
    }

    /// <summary>Exchanges the code at the token endpoint and fetches the user (400 when the provider refuses either).</summary>
    /// <param name="provider">The provider.</param>
    /// <param name="code">The authorization code.</param>
    /// <param name="codeVerifier">The PKCE verifier (empty without PKCE).</param>
    /// <param name="redirectUrl">The redirect URL the code was issued for.</param>
    /// <param name="now">The current time, for the token expiry.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async Task<OAuth2User> FetchUserAsync(OAuth2Provider provider, string code, string codeVerifier, string redirectUrl, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(provider);
        await ResolveAsync(provider, cancellationToken);
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUrl,
            ["client_id"] = provider.ClientId,
            ["client_secret"] = provider.ClientSecret,
        };
        if (provider.Pkce && codeVerifier.Length > 0)
        {
            form["code_verifier"] = codeVerifier;
        }

        JsonObject? token;
        using (var request = new HttpRequestMessage(HttpMethod.Post, provider.TokenUrl) { Content = new FormUrlEncodedContent(form) })
        {
            token = await SendAsync(request, cancellationToken);
        }

        var accessToken = ValueCast.ToText(token?["access_token"]);
        if (accessToken.Length == 0)
        {
            throw StrataException.BadRequest("Failed to fetch OAuth2 token.");
        }

        var raw = await GetJsonAsync(provider.UserInfoUrl, accessToken, cancellationToken)
            ?? throw StrataException.BadRequest("Failed to fetch OAuth2 user.");
        var expiresIn = ValueCast.ToNumber(token!["expires_in"]);
        return await MapAsync(provider, raw, accessToken, ValueCast.ToText(token["refresh_token"]),
            expiresIn > 0 ? DateTimeText.Format(now.AddSeconds(expiresIn)) : "", cancellationToken);
    }

    private static async Task<OAuth2User> MapAsync(OAuth2Provider provider, JsonObject raw, string accessToken, string refreshToken, string expiry, CancellationToken cancellationToken)
    {
        var keys = provider.Preset.Keys;
        var id = Text(raw, keys.Id);
        if (id.Length == 0)
        {
            throw StrataException.BadRequest("Failed to fetch OAuth2 user: the provider returned no user id.");
        }

        var email = Text(raw, keys.Email);
        var verified = provider.Preset.EmailsAreVerified || (keys.EmailVerified.Length > 0 && ValueCast.ToBool(Path(raw, keys.EmailVerified)));
        if (provider.Preset.EmailsUrl.Length > 0)
        {
            // GitHub's /user holds only the public email; /user/emails says which one is primary and verified.
            (email, verified) = await PrimaryEmailAsync(provider.Preset.EmailsUrl, accessToken, email, cancellationToken);
        }

        var avatar = Text(raw, keys.Avatar);
        if (avatar.Length > 0 && provider.Preset.AvatarTemplate.Length > 0)
        {
            avatar = provider.Preset.AvatarTemplate.Replace("{id}", id, StringComparison.Ordinal).Replace("{avatar}", avatar, StringComparison.Ordinal);
        }

        return new OAuth2User
        {
            Id = id,
            Name = keys.Name.Select(k => Text(raw, k)).FirstOrDefault(v => v.Length > 0) ?? "",
            Username = Text(raw, keys.Username),
            Email = email,
            EmailVerified = verified && email.Length > 0,
            AvatarUrl = avatar,
            AccessToken = accessToken,
            RefreshToken = refreshToken,
            Expiry = expiry,
            RawUser = raw,
        };
    }

    private static async Task<(string Email, bool Verified)> PrimaryEmailAsync(string url, string accessToken, string fallback, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        var list = await SendNodeAsync(request, cancellationToken) as JsonArray;
        var primary = list?.OfType<JsonObject>().FirstOrDefault(e => ValueCast.ToBool(e["primary"]) && ValueCast.ToBool(e["verified"]));
        return primary is null ? (fallback, false) : (ValueCast.ToText(primary["email"]), true);
    }

    private static string Text(JsonObject raw, string path)
    {
        if (path.Length == 0)
        {
            return "";
        }

        var node = Path(raw, path);
        return ValueCast.Kind(node) == JsonValueKind.Number
            ? Convert.ToString(ValueCast.ToNumber(node), CultureInfo.InvariantCulture) ?? ""
            : ValueCast.ToText(node);
    }

    private static JsonNode? Path(JsonObject raw, string path)
    {
        JsonNode? node = raw;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
        }

        return node;
    }

    private static async Task<JsonObject?> GetJsonAsync(string url, string? bearer, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await SendAsync(request, cancellationToken);
    }

    private static async Task<JsonObject?> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await SendNodeAsync(request, cancellationToken) as JsonObject;

    private static async Task<JsonNode?> SendNodeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Strata", "1.0"));
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return JsonNode.Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
