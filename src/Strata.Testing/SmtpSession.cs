using System.Text;

namespace Strata.Testing;

/// <summary>One SMTP conversation of <see cref="MailSink"/> (RFC 5321 command subset).</summary>
internal sealed class SmtpSession(StreamReader reader, StreamWriter writer, Action<SinkMessage> deliver, int maxBytes)
{
    private string? _from;
    private readonly List<string> _to = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync("220 localhost Strata MailSink ESMTP");
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
            var arg = line.Length > 5 ? line[5..].Trim() : "";
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost greets " + arg);
                    await writer.WriteLineAsync("250-8BITMIME");
                    await writer.WriteLineAsync("250-SMTPUTF8");
                    await writer.WriteLineAsync("250 SIZE " + maxBytes);
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "MAIL":
                    Reset();
                    _from = Address(arg, "FROM:");
                    await writer.WriteLineAsync(_from is null ? "501 Syntax: MAIL FROM:<address>" : "250 OK");
                    break;
                case "RCPT":
                    await RecipientAsync(arg);
                    break;
                case "DATA":
                    await DataAsync(cancellationToken);
                    break;
                case "RSET":
                    Reset();
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private async Task RecipientAsync(string arg)
    {
        var to = Address(arg, "TO:");
        if (_from is null)
        {
            await writer.WriteLineAsync("503 MAIL first");
        }
        else if (to is null)
        {
            await writer.WriteLineAsync("501 Syntax: RCPT TO:<address>");
        }
        else
        {
            _to.Add(to);
            await writer.WriteLineAsync("250 OK");
        }
    }

    private async Task DataAsync(CancellationToken cancellationToken)
    {
        if (_from is null || _to.Count == 0)
        {
            await writer.WriteLineAsync("503 RCPT first");
            return;
        }

        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == ".")
            {
                if (data.Length > maxBytes)
                {
                    await writer.WriteLineAsync("552 Message too big");
                }
                else
                {
                    deliver(SinkMessage.Parse(_from, [.. _to], data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
                }

                Reset();
                return;
            }

            // Dot-unstuffing (RFC 5321 §4.5.2): a leading dot was doubled by the client.
            if (data.Length <= maxBytes)
            {
                data.Append(line.StartsWith('.') ? line[1..] : line).Append("\r\n");
            }
        }
    }

    private void Reset()
    {
        _from = null;
        _to.Clear();
    }

    /// <summary>The address inside <c>FROM:&lt;a@b&gt; [params]</c>, or null when malformed.</summary>
    private static string? Address(string arg, string prefix)
    {
        if (!arg.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var rest = arg[prefix.Length..].Trim();
        var open = rest.IndexOf('<', StringComparison.Ordinal);
        var close = rest.IndexOf('>', StringComparison.Ordinal);
        return open == 0 && close > open ? rest[1..close] : null;
    }
}
