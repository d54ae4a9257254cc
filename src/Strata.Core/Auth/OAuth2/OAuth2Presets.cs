namespace Strata.Core.Auth.OAuth2;

/// <summary>
/// Provider presets. <c>oidc</c>, <c>oidc2</c> and <c>oidc3</c> are generic OpenID Connect / OAuth2 providers whose
/// endpoints come from the collection config (or from <c>extra.issuer</c> discovery).
/// </summary>
public static class OAuth2Presets
{
    private static readonly Dictionary<string, OAuth2Preset> All = new OAuth2Preset[]
    {
        new("google", "Google", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
            "https://www.googleapis.com/oauth2/v3/userinfo", ["openid", "email", "profile"], true, OAuth2UserKeys.Oidc),
        new("github", "GitHub", "https://github.com/login/oauth/authorize", "https://github.com/login/oauth/access_token",
            "https://api.github.com/user", ["read:user", "user:email"], true, new("id", ["name", "login"], "login", "email", "", "avatar_url"))
        {
            EmailsUrl = "https://api.github.com/user/emails",
        },
        new("microsoft", "Microsoft", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
            "https://login.microsoftonline.com/common/oauth2/v2.0/token", "https://graph.microsoft.com/v1.0/me", ["User.Read"], true,
            new("id", ["displayName"], "", "mail", "", "")),
        new("discord", "Discord", "https://discord.com/api/oauth2/authorize", "https://discord.com/api/oauth2/token",
            "https://discord.com/api/users/@me", ["identify", "email"], true, new("id", ["global_name", "username"], "username", "email", "verified", "avatar"))
        {
            AvatarTemplate = "https://cdn.discordapp.com/avatars/{id}/{avatar}.png",
        },
        new("gitlab", "GitLab", "https://gitlab.com/oauth/authorize", "https://gitlab.com/oauth/token", "https://gitlab.com/api/v4/user",
            ["read_user"], true, new("id", ["name"], "username", "email", "", "avatar_url")),
        new("facebook", "Facebook", "https://www.facebook.com/v18.0/dialog/oauth", "https://graph.facebook.com/v18.0/oauth/access_token",
            "https://graph.facebook.com/me?fields=name,email,picture.type(large)", ["email"], true, new("id", ["name"], "", "email", "", "picture.data.url"))
        {
            EmailsAreVerified = true,
        },
        new("oidc", "OpenID Connect", "", "", "", ["openid", "profile", "email"], true, OAuth2UserKeys.Oidc),
        new("oidc2", "OpenID Connect (2)", "", "", "", ["openid", "profile", "email"], true, OAuth2UserKeys.Oidc),
        new("oidc3", "OpenID Connect (3)", "", "", "", ["openid", "profile", "email"], true, OAuth2UserKeys.Oidc),
    }.ToDictionary(p => p.Name, StringComparer.Ordinal);

    /// <summary>The names of every preset.</summary>
    public static IEnumerable<string> Names => All.Keys;

    /// <summary>The preset of a provider name, or null.</summary>
    /// <param name="name">The provider name.</param>
    public static OAuth2Preset? Find(string name) => All.GetValueOrDefault(name);
}
