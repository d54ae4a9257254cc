using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Testing;

/// <summary>A mail received by <see cref="MailSink"/>: envelope, headers, and the decoded subject and body.</summary>
public sealed partial class SinkMessage
{
    private SinkMessage(string from, IReadOnlyList<string> to, string raw, IReadOnlyDictionary<string, string> headers, string body)
    {
        From = from;
        To = to;
        Raw = raw;
        Headers = headers;
        Body = body;
    }

    /// <summary>The envelope sender.</summary>
    public string From { get; }

    /// <summary>The envelope recipients.</summary>
    public IReadOnlyList<string> To { get; }

    /// <summary>The message as received (after dot-unstuffing).</summary>
    public string Raw { get; }

    /// <summary>The headers (unfolded; names case-insensitive; the last value of a repeated header).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The decoded subject.</summary>
    public string Subject => DecodeWords(Headers.GetValueOrDefault("Subject") ?? "");

    /// <summary>The body, decoded from base64 or quoted-printable (single-part messages).</summary>
    public string Body { get; }

    /// <summary>Parses a received message.</summary>
    /// <param name="from">The envelope sender.</param>
    /// <param name="to">The envelope recipients.</param>
    /// <param name="raw">The DATA content.</param>
    public static SinkMessage Parse(string from, IReadOnlyList<string> to, string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var split = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? raw : raw[..split];
        var body = split < 0 ? "" : raw[(split + 4)..];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in head.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", " ", StringComparison.Ordinal).Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var charset = CharsetPattern().Match(headers.GetValueOrDefault("Content-Type") ?? "") is { Success: true } m ? m.Groups[1].Value : "utf-8";
        var encoding = GetEncoding(charset);
        var decoded = (headers.GetValueOrDefault("Content-Transfer-Encoding") ?? "").ToLowerInvariant() switch
        {
            "base64" => encoding.GetString(Convert.FromBase64String(body.Replace("\r\n", "", StringComparison.Ordinal).Trim())),
            "quoted-printable" => encoding.GetString(QuotedPrintable(body, underscoreIsSpace: false)),
            _ => encoding.GetString(Encoding.Latin1.GetBytes(body)),
        };
        return new SinkMessage(from, to, raw, headers, decoded);
    }

    /// <summary>Decodes RFC 2047 encoded words (<c>=?charset?B|Q?text?=</c>).</summary>
    private static string DecodeWords(string value) =>
        EncodedWordPattern().Replace(value.Replace("?= =?", "?==?", StringComparison.Ordinal), m =>
        {
            var encoding = GetEncoding(m.Groups[1].Value);
            return m.Groups[2].Value.ToUpperInvariant() == "B"
                ? encoding.GetString(Convert.FromBase64String(m.Groups[3].Value))
                : encoding.GetString(QuotedPrintable(m.Groups[3].Value, underscoreIsSpace: true));
        });

    private static byte[] QuotedPrintable(string text, bool underscoreIsSpace)
    {
        var bytes = new List<byte>(text.Length);
        text = text.Replace("=\r\n", "", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(underscoreIsSpace && c == '_' ? (byte)' ' : (byte)c);
            }
        }

        return [.. bytes];
    }

    private static Encoding GetEncoding(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    [GeneratedRegex("charset=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetPattern();

    [GeneratedRegex(@"=\?([^?]+)\?([BbQq])\?([^?]*)\?=")]
    private static partial Regex EncodedWordPattern();
}
