using System.Text.Json.Nodes;

namespace Strata.Core.Auth.OAuth2;

/// <summary>The user a provider returned, and the provider's tokens (the <c>meta</c> of contract §4.8).</summary>
public sealed class OAuth2User
{
    /// <summary>The provider's stable user id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>The user name.</summary>
    public string Username { get; init; } = "";

    /// <summary>The email, or empty.</summary>
    public string Email { get; init; } = "";

    /// <summary>Whether the provider says the email is verified.</summary>
    public bool EmailVerified { get; init; }

    /// <summary>The avatar URL, or empty.</summary>
    public string AvatarUrl { get; init; } = "";

    /// <summary>The provider access token.</summary>
    public string AccessToken { get; init; } = "";

    /// <summary>The provider refresh token.</summary>
    public string RefreshToken { get; init; } = "";

    /// <summary>When the access token expires (contract date format), or empty.</summary>
    public string Expiry { get; init; } = "";

    /// <summary>The raw user-info JSON.</summary>
    public JsonObject RawUser { get; init; } = [];

    /// <summary>The <c>meta</c> object of the auth response.</summary>
    /// <param name="isNew">Whether the record was just created.</param>
    public JsonObject Meta(bool isNew) => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["username"] = Username,
        ["email"] = Email,
        ["avatarURL"] = AvatarUrl,
        ["accessToken"] = AccessToken,
        ["refreshToken"] = RefreshToken,
        ["expiry"] = Expiry,
        ["rawUser"] = RawUser.DeepClone(),
        ["isNew"] = isNew,
    };
}
