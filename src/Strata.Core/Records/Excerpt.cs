using System.Text;

namespace Strata.Core.Records;

/// <summary>
/// Plain-text excerpts of HTML for the <c>:excerpt</c> fields modifier: tags stripped, the content of
/// script/style-like elements dropped, block elements as spaces, whitespace collapsed, cut by characters.
/// </summary>
public static class Excerpt
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "svg", "noscript", "template", "form", "button", "select", "textarea", "object", "embed",
    };

    /// <summary>Makes the excerpt.</summary>
    /// <param name="html">The HTML (or plain text).</param>
    /// <param name="max">Maximum characters (runes).</param>
    /// <param name="ellipsis">Append "..." when cut.</param>
    public static string Make(string html, int max, bool ellipsis)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = new StringBuilder(Math.Min(html.Length, 4 * max + 16));
        string? skipUntil = null;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i + 1);
                if (end < 0)
                {
                    break;
                }

                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = new string(tag.TrimStart('/').TakeWhile(ch => char.IsAsciiLetterOrDigit(ch)).ToArray());
                if (skipUntil is not null)
                {
                    if (closing && name.Equals(skipUntil, StringComparison.OrdinalIgnoreCase))
                    {
                        skipUntil = null;
                    }
                }
                else if (!closing && Skipped.Contains(name) && !tag.EndsWith('/'))
                {
                    skipUntil = name;
                }
                else
                {
                    // Tags (block or inline) separate words; whitespace is collapsed below anyway.
                    text.Append(' ');
                }

                i = end + 1;
                continue;
            }

            if (skipUntil is null)
            {
                text.Append(c);
            }

            i++;
        }

        var decoded = System.Net.WebUtility.HtmlDecode(text.ToString());
        var collapsed = string.Join(' ', decoded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var runes = collapsed.EnumerateRunes().ToList();
        if (runes.Count <= max)
        {
            return collapsed;
        }

        var cut = string.Concat(runes.Take(max).Select(r => r.ToString()));
        return ellipsis ? cut.TrimEnd() + "..." : cut;
    }
}
