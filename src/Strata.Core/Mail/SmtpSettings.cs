using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Mail;

/// <summary>The <c>smtp</c> and <c>meta</c> sender settings of contract §8.2 that the mailer needs.</summary>
/// <param name="Enabled">Whether mail goes out over SMTP.</param>
/// <param name="Host">The SMTP host.</param>
/// <param name="Port">The SMTP port.</param>
/// <param name="Username">The login, empty for none.</param>
/// <param name="Password">The password.</param>
/// <param name="Tls">STARTTLS on (System.Net.Mail has no implicit TLS).</param>
/// <param name="SenderName">The From display name.</param>
/// <param name="SenderAddress">The From address.</param>
/// <param name="AppName">The application name for templates.</param>
/// <param name="AppUrl">The application URL for templates.</param>
public sealed record SmtpSettings(bool Enabled, string Host, int Port, string Username, string Password, bool Tls,
    string SenderName, string SenderAddress, string AppName, string AppUrl)
{
    /// <summary>Reads the settings document.</summary>
    /// <param name="settings">The full settings object.</param>
    public static SmtpSettings From(JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var smtp = settings["smtp"] as JsonObject ?? [];
        var meta = settings["meta"] as JsonObject ?? [];
        return new SmtpSettings(
            ValueCast.Kind(smtp["enabled"]) == System.Text.Json.JsonValueKind.True,
            ValueCast.ToText(smtp["host"]),
            (int)ValueCast.ToNumber(smtp["port"]),
            ValueCast.ToText(smtp["username"]),
            ValueCast.ToText(smtp["password"]),
            ValueCast.Kind(smtp["tls"]) == System.Text.Json.JsonValueKind.True,
            ValueCast.ToText(meta["senderName"]),
            ValueCast.ToText(meta["senderAddress"]),
            ValueCast.ToText(meta["appName"]),
            ValueCast.ToText(meta["appURL"]));
    }
}
