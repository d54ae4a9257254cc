namespace Strata.Core.Auth.OAuth2;

/// <summary>
/// The known endpoints, scopes and user-info keys of a provider, so a collection only needs its client id and secret.
/// Any endpoint set in the collection's provider config overrides the preset's.
/// </summary>
/// <param name="Name">The provider name used in the collection config and the API (<c>google</c>, <c>oidc</c>...).</param>
/// <param name="DisplayName">The name shown to users.</param>
/// <param name="AuthUrl">The authorization endpoint.</param>
/// <param name="TokenUrl">The token endpoint.</param>
/// <param name="UserInfoUrl">The user-info endpoint.</param>
/// <param name="Scopes">The scopes asked for.</param>
/// <param name="Pkce">Whether the PKCE S256 challenge is sent.</param>
/// <param name="Keys">Where the user-info JSON holds each value.</param>
public sealed record OAuth2Preset(string Name, string DisplayName, string AuthUrl, string TokenUrl, string UserInfoUrl,
    IReadOnlyList<string> Scopes, bool Pkce, OAuth2UserKeys Keys)
{
    /// <summary>The URL that lists the user's emails with their verified flag (GitHub), or empty.</summary>
    public string EmailsUrl { get; init; } = "";

    /// <summary>A URL template for the avatar, with <c>{id}</c> and <c>{avatar}</c>, when the user info holds only a hash.</summary>
    public string AvatarTemplate { get; init; } = "";

    /// <summary>Whether an email the provider returns counts as verified even without a verified flag.</summary>
    public bool EmailsAreVerified { get; init; }
}
