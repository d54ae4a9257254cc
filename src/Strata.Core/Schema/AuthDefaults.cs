using System.Text.Json.Nodes;

namespace Strata.Core.Schema;

/// <summary>
/// Default values of the JSON-kept auth sub-objects (contract §2.1). Stored objects may be partial; readers and the
/// writer merge them over these so the output always has every key the admin console expects.
/// </summary>
internal static class AuthDefaults
{
    public static JsonObject OAuth2() => new()
    {
        ["enabled"] = false,
        ["mappedFields"] = new JsonObject { ["id"] = "", ["name"] = "", ["username"] = "", ["avatarURL"] = "" },
        ["providers"] = new JsonArray(),
    };

    public static JsonObject Mfa() => new() { ["enabled"] = false, ["duration"] = 600, ["rule"] = "" };

    public static JsonObject Otp() => new()
    {
        ["enabled"] = false,
        ["duration"] = 180,
        ["length"] = 8,
        ["emailTemplate"] = Template(
            "OTP for {APP_NAME}",
            "<p>Hello,</p>\n<p>Your one-time password is: <strong>{OTP}</strong></p>\n<p>If you did not ask for it, you can ignore this email.</p>\n<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>"),
    };

    public static JsonObject AuthAlert() => new()
    {
        ["enabled"] = true,
        ["emailTemplate"] = Template(
            "Login from a new location",
            "<p>Hello,</p>\n<p>We noticed a login to your {APP_NAME} account from a new location.</p>\n<p>If this was not you, change your {APP_NAME} password right away to revoke access from all other locations.</p>\n<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>"),
    };

    public static EmailTemplate Verification() => new()
    {
        Subject = "Verify your {APP_NAME} email",
        Body = "<p>Hello,</p>\n<p>Thank you for joining us at {APP_NAME}.</p>\n<p>Click the button below to verify your email address.</p>\n<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-verification/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Verify</a>\n</p>\n<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>",
    };

    public static EmailTemplate ResetPassword() => new()
    {
        Subject = "Reset your {APP_NAME} password",
        Body = "<p>Hello,</p>\n<p>Click the button below to reset your password.</p>\n<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-password-reset/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Reset password</a>\n</p>\n<p><i>If you did not ask to reset your password, you can ignore this email.</i></p>\n<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>",
    };

    public static EmailTemplate ConfirmEmailChange() => new()
    {
        Subject = "Confirm your {APP_NAME} new email address",
        Body = "<p>Hello,</p>\n<p>Click the button below to confirm your new email address.</p>\n<p>\n  <a class=\"btn\" href=\"{APP_URL}/_/#/auth/confirm-email-change/{TOKEN}\" target=\"_blank\" rel=\"noopener\">Confirm new email</a>\n</p>\n<p><i>If you did not ask to change your email address, you can ignore this email.</i></p>\n<p>\n  Thanks,<br/>\n  {APP_NAME} team\n</p>",
    };

    /// <summary><paramref name="overlay"/> merged over a copy of <paramref name="defaults"/>, objects recursively.</summary>
    public static JsonObject Merge(JsonObject defaults, JsonObject? overlay)
    {
        if (overlay is null)
        {
            return defaults;
        }

        foreach (var (key, value) in overlay)
        {
            if (value is JsonObject o && defaults[key] is JsonObject d)
            {
                defaults[key] = Merge(d, o);
            }
            else
            {
                defaults[key] = value?.DeepClone();
            }
        }

        return defaults;
    }

    /// <summary>A number from a merged sub-object, or <paramref name="fallback"/> when it is not a number.</summary>
    public static double Number(JsonObject obj, string key, double fallback) =>
        ValueCast.Kind(obj[key]) == System.Text.Json.JsonValueKind.Number ? ValueCast.ToNumber(obj[key]) : fallback;

    private static JsonObject Template(string subject, string body) => new() { ["subject"] = subject, ["body"] = body };
}
