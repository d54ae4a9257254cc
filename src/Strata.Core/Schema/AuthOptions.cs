using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>
/// The options an auth collection adds (contract §2.1). Sub-objects that later issues implement in depth
/// (oauth2, mfa, otp, authAlert) are kept as JSON so they round-trip unchanged.
/// </summary>
public sealed partial class AuthOptions
{
    /// <summary>Checked on every authentication; null lets only superusers in, "" everyone.</summary>
    public string? AuthRule { get; set; } = "";

    /// <summary>Who may manage other records of the collection; null or "" is nobody but superusers.</summary>
    public string? ManageRule { get; set; }

    /// <summary>Whether password login is on.</summary>
    public bool PasswordAuthEnabled { get; set; } = true;

    /// <summary>The fields a password login may identify the record by.</summary>
    public IList<string> IdentityFields { get; set; } = ["email"];

    /// <summary>The auth token settings.</summary>
    public TokenConfig AuthToken { get; set; } = new() { Duration = 432000 };

    /// <summary>The password-reset token settings.</summary>
    public TokenConfig PasswordResetToken { get; set; } = new() { Duration = 1800 };

    /// <summary>The email-change token settings.</summary>
    public TokenConfig EmailChangeToken { get; set; } = new() { Duration = 1800 };

    /// <summary>The verification token settings.</summary>
    public TokenConfig VerificationToken { get; set; } = new() { Duration = 86400 };

    /// <summary>The file token settings.</summary>
    public TokenConfig FileToken { get; set; } = new() { Duration = 180 };

    /// <summary>The <c>oauth2</c> object as JSON.</summary>
    public JsonObject OAuth2 { get; set; } = [];

    /// <summary>The <c>mfa</c> object as JSON.</summary>
    public JsonObject Mfa { get; set; } = [];

    /// <summary>The <c>otp</c> object as JSON.</summary>
    public JsonObject Otp { get; set; } = [];

    /// <summary>The <c>authAlert</c> object as JSON.</summary>
    public JsonObject AuthAlert { get; set; } = [];

    /// <summary>Strata extension: whether <c>auth-as-guest</c> may create guest records (JSON <c>guestAuth.enabled</c>).</summary>
    public bool GuestAuthEnabled { get; set; }

    /// <summary>Strata extension: the fields a guest sign-in may set, e.g. name and gender (JSON <c>guestAuth.fields</c>).</summary>
    public IList<string> GuestAuthFields { get; set; } = [];

    /// <summary>Strata extension: whether records may create API keys for themselves (JSON <c>apiKeys.selfService</c>).</summary>
    public bool ApiKeysSelfService { get; set; }

    /// <summary>The verification mail.</summary>
    public EmailTemplate VerificationTemplate { get; set; } = new();

    /// <summary>The password-reset mail.</summary>
    public EmailTemplate ResetPasswordTemplate { get; set; } = new();

    /// <summary>The email-change confirmation mail.</summary>
    public EmailTemplate ConfirmEmailChangeTemplate { get; set; } = new();

    /// <summary>The five token settings with their JSON keys, in contract order.</summary>
    public IEnumerable<(string Key, TokenConfig Config)> Tokens()
    {
        yield return ("authToken", AuthToken);
        yield return ("passwordResetToken", PasswordResetToken);
        yield return ("emailChangeToken", EmailChangeToken);
        yield return ("verificationToken", VerificationToken);
        yield return ("fileToken", FileToken);
    }

    /// <summary>A deep copy.</summary>
    public AuthOptions Clone()
    {
        var copy = (AuthOptions)MemberwiseClone();
        copy.IdentityFields = [.. IdentityFields];
        copy.GuestAuthFields = [.. GuestAuthFields];
        copy.AuthToken = AuthToken.Clone();
        copy.PasswordResetToken = PasswordResetToken.Clone();
        copy.EmailChangeToken = EmailChangeToken.Clone();
        copy.VerificationToken = VerificationToken.Clone();
        copy.FileToken = FileToken.Clone();
        copy.OAuth2 = (JsonObject)OAuth2.DeepClone();
        copy.Mfa = (JsonObject)Mfa.DeepClone();
        copy.Otp = (JsonObject)Otp.DeepClone();
        copy.AuthAlert = (JsonObject)AuthAlert.DeepClone();
        copy.VerificationTemplate = VerificationTemplate.Clone();
        copy.ResetPasswordTemplate = ResetPasswordTemplate.Clone();
        copy.ConfirmEmailChangeTemplate = ConfirmEmailChangeTemplate.Clone();
        return copy;
    }
}
