using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Auth.OAuth2;

/// <summary>
/// One provider as a collection configures it (<c>oauth2.providers[]</c>): its preset with the config's client
/// credentials, endpoint overrides, <c>displayName</c>, <c>pkce</c> and <c>extra</c> (<c>issuer</c>, <c>scopes</c>).
/// </summary>
public sealed class OAuth2Provider
{
    /// <summary>The provider name.</summary>
    public required string Name { get; init; }

    /// <summary>The name shown to users.</summary>
    public required string DisplayName { get; init; }

    /// <summary>The OAuth2 client id.</summary>
    public required string ClientId { get; init; }

    /// <summary>The OAuth2 client secret (write-only in the collection JSON).</summary>
    public required string ClientSecret { get; init; }

    /// <summary>The authorization endpoint (may be empty until issuer discovery fills it).</summary>
    public required string AuthUrl { get; set; }

    /// <summary>The token endpoint.</summary>
    public required string TokenUrl { get; set; }

    /// <summary>The user-info endpoint.</summary>
    public required string UserInfoUrl { get; set; }

    /// <summary>The OpenID issuer whose discovery document supplies missing endpoints, or empty.</summary>
    public required string Issuer { get; init; }

    /// <summary>The scopes asked for.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    /// <summary>Whether PKCE (S256) is used.</summary>
    public required bool Pkce { get; init; }

    /// <summary>The preset (endpoints, user-info keys).</summary>
    public required OAuth2Preset Preset { get; init; }

    /// <summary>Reads a provider config; null when its name is neither a preset nor fully configured.</summary>
    /// <param name="config">One entry of <c>oauth2.providers</c>.</param>
    public static OAuth2Provider? From(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var name = ValueCast.ToText(config["name"]);
        var text = (string key) => ValueCast.ToText(config[key]);
        var extra = config["extra"] as JsonObject;
        var preset = OAuth2Presets.Find(name);
        if (preset is null)
        {
            // Any other name is a generic OAuth2/OIDC provider as long as its endpoints are given.
            if (text("authURL").Length == 0 || text("tokenURL").Length == 0 || text("userInfoURL").Length == 0)
            {
                return null;
            }

            preset = OAuth2Presets.Find("oidc")! with { Name = name, DisplayName = name };
        }

        var scopes = extra?["scopes"] is JsonArray s ? [.. s.Select(x => ValueCast.ToText(x)).Where(x => x.Length > 0)] : preset.Scopes;
        return new OAuth2Provider
        {
            Name = name,
            DisplayName = text("displayName") is { Length: > 0 } dn ? dn : preset.DisplayName,
            ClientId = text("clientId"),
            ClientSecret = text("clientSecret"),
            AuthUrl = text("authURL") is { Length: > 0 } a ? a : preset.AuthUrl,
            TokenUrl = text("tokenURL") is { Length: > 0 } t ? t : preset.TokenUrl,
            UserInfoUrl = text("userInfoURL") is { Length: > 0 } u ? u : preset.UserInfoUrl,
            Issuer = ValueCast.ToText(extra?["issuer"]),
            Scopes = scopes,
            Pkce = ValueCast.Kind(config["pkce"]) is JsonValueKind.True or JsonValueKind.False ? ValueCast.ToBool(config["pkce"]) : preset.Pkce,
            Preset = preset,
        };
    }
}
