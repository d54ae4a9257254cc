namespace Strata.Core.Auth.OAuth2;

/// <summary>The keys of a provider's user-info JSON (dotted paths allowed) that hold each user value.</summary>
/// <param name="Id">The stable user id.</param>
/// <param name="Name">The display name (the first present key wins).</param>
/// <param name="Username">The user name.</param>
/// <param name="Email">The email.</param>
/// <param name="EmailVerified">The flag saying the email is verified, or empty.</param>
/// <param name="Avatar">The avatar URL (or hash, with <see cref="OAuth2Preset.AvatarTemplate"/>).</param>
public sealed record OAuth2UserKeys(string Id, IReadOnlyList<string> Name, string Username, string Email, string EmailVerified, string Avatar)
{
    /// <summary>The OpenID Connect standard claims.</summary>
    public static OAuth2UserKeys Oidc { get; } = new("sub", ["name"], "preferred_username", "email", "email_verified", "picture");
}
