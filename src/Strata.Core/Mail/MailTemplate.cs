using System.Net;
using System.Text;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Mail;

/// <summary>
/// Fills an auth collection's email template: <c>{APP_NAME}</c>, <c>{APP_URL}</c>, <c>{TOKEN}</c>, <c>{OTP}</c>,
/// <c>{ALERT_INFO}</c> and <c>{RECORD:field}</c> (any non-hidden field of the record; HTML-escaped in the body).
/// </summary>
public static class MailTemplate
{
    /// <summary>The subject and HTML body with every placeholder replaced.</summary>
    /// <param name="template">The template.</param>
    /// <param name="settings">The app name and URL.</param>
    /// <param name="record">The record the mail is about, or null.</param>
    /// <param name="values">Other placeholders, e.g. <c>("TOKEN", token)</c>.</param>
    public static (string Subject, string Body) Render(EmailTemplate template, SmtpSettings settings, Record? record, params (string Key, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(settings);
        return (Fill(template.Subject, settings, record, values, html: false), Fill(template.Body, settings, record, values, html: true));
    }

    private static string Fill(string text, SmtpSettings settings, Record? record, (string Key, string Value)[] values, bool html)
    {
        string Escape(string s) => html ? WebUtility.HtmlEncode(s) : s;
        var sb = new StringBuilder(text);
        sb.Replace("{APP_NAME}", Escape(settings.AppName)).Replace("{APP_URL}", Escape(settings.AppUrl.TrimEnd('/')));
        foreach (var (key, value) in values)
        {
            sb.Replace("{" + key + "}", Escape(value));
        }

        if (record is not null)
        {
            foreach (var field in record.Collection.Fields)
            {
                var placeholder = "{RECORD:" + field.Name + "}";
                if (field.Hidden || field.Name is "password" or "tokenKey")
                {
                    sb.Replace(placeholder, "");
                    continue;
                }

                sb.Replace(placeholder, Escape(Text(record.Get(field.Name))));
            }
        }

        return sb.ToString();
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        double d => ValueCast.FormatNumber(d),
        System.Text.Json.Nodes.JsonNode n => n.ToJsonString(),
        IEnumerable<string> list => string.Join(", ", list),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
