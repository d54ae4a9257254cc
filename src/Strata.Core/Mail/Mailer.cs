using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Strata.Core.Errors;
using Strata.Core.Settings;

namespace Strata.Core.Mail;

/// <summary>
/// Sends HTML mail over SMTP with System.Net.Mail, configured by the <c>smtp</c> and <c>meta</c> settings (contract §8.2)
/// at the time of each send, so a settings change applies at once.
/// </summary>
public sealed class Mailer
{
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(20);
    private readonly SettingsStore _settings;

    /// <summary>Creates the mailer.</summary>
    /// <param name="settings">The settings store.</param>
    public Mailer(SettingsStore settings) => _settings = settings;

    /// <summary>Called with the error of a background send that failed (no request is waiting for it).</summary>
    public Action<Exception>? BackgroundError { get; set; }

    /// <summary>The current SMTP and sender settings.</summary>
    public SmtpSettings Settings => SmtpSettings.From(_settings.Current);

    /// <summary>Sends one message now; 400 when SMTP is off or the server refused it.</summary>
    /// <param name="to">The recipient address.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="html">The HTML body.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public async Task SendAsync(string to, string subject, string html, CancellationToken cancellationToken = default)
    {
        var s = Settings;
        if (!s.Enabled)
        {
            throw StrataException.BadRequest("Failed to send the email: SMTP is not enabled in the settings.");
        }

        using var message = new MailMessage
        {
            From = new MailAddress(s.SenderAddress, s.SenderName, Encoding.UTF8),
            Subject = subject,
            SubjectEncoding = Encoding.UTF8,
            Body = html,
            BodyEncoding = Encoding.UTF8,
            IsBodyHtml = true,
            // base64 never wraps a token or link the way quoted-printable's soft line breaks do.
            BodyTransferEncoding = TransferEncoding.Base64,
        };
        message.To.Add(new MailAddress(to));
        using var client = new SmtpClient(s.Host, s.Port)
        {
            EnableSsl = s.Tls,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = (int)SendTimeout.TotalMilliseconds,
        };
        if (s.Username.Length > 0)
        {
            client.Credentials = new NetworkCredential(s.Username, s.Password);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await client.SendMailAsync(message, timeout.Token);
        }
        catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw StrataException.BadRequest("Failed to send the email: " + e.Message);
        }
    }

    /// <summary>
    /// Sends one message in the background: the caller answers at once whatever the SMTP server does, which keeps
    /// "does this email exist" endpoints equally fast for known and unknown addresses.
    /// </summary>
    /// <param name="to">The recipient address.</param>
    /// <param name="subject">The subject.</param>
    /// <param name="html">The HTML body.</param>
    public void SendInBackground(string to, string subject, string html) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await SendAsync(to, subject, html);
            }
            catch (Exception e) when (e is StrataException or FormatException)
            {
                BackgroundError?.Invoke(e);
            }
        });
}
