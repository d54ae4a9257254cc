using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Filter;

/// <summary>
/// The value rules the filter language follows on every engine (SQLite's, which the PostgreSQL dialect reproduces):
/// how text converts to numbers, how numbers print, byte-order text comparison, and how a <c>~</c> operand becomes a
/// LIKE pattern. The SQL compiler and the in-memory evaluator both use these, so they cannot drift apart.
/// </summary>
public static partial class FilterValueRules
{
    /// <summary>The shortest round-trip text of a number.</summary>
    /// <param name="d">The number.</param>
    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The number a scalar stands for under SQLite's numeric conversion, or null.</summary>
    /// <param name="value">A string, double or bool.</param>
    public static double? ToNumber(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        string s => TryParseNumber(s),
        _ => null,
    };

    /// <summary>Text that looks like a decimal number (optional sign, fraction, exponent, surrounding spaces), or null.</summary>
    /// <param name="text">The text.</param>
    public static double? TryParseNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 64 || !NumberPattern().IsMatch(text))
        {
            return null;
        }

        var d = double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(d) ? d : null;
    }

    /// <summary>Compares two strings in UTF-8 byte order (= code point order), as SQLite BINARY and COLLATE "C" do.</summary>
    /// <param name="a">The first string.</param>
    /// <param name="b">The second string.</param>
    public static int CompareBytes(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
            {
                return ha == hb ? 0 : ha ? 1 : -1;
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    /// <summary>
    /// The LIKE pattern of a <c>~</c> right operand (contract §3.4): used as written when it holds an unescaped
    /// <c>%</c>, otherwise escaped and wrapped as <c>%text%</c> (a substring match).
    /// </summary>
    /// <param name="text">The operand's text.</param>
    public static string LikePattern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HasUnescapedPercent(text) ? text : "%" + EscapeLike(text) + "%";
    }

    /// <summary>
    /// True when a pattern ends in a lone escape character: SQLite then matches nothing, where PostgreSQL would raise.
    /// </summary>
    /// <param name="pattern">The LIKE pattern.</param>
    public static bool EndsWithLoneEscape(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var run = 0;
        for (var i = pattern.Length - 1; i >= 0 && pattern[i] == '\\'; i--)
        {
            run++;
        }

        return run % 2 == 1;
    }

    private static bool HasUnescapedPercent(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i == 0 || s[i - 1] != '\\'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Escapes every unescaped <c>\</c>, <c>%</c> and <c>_</c> with a backslash. A backslash already followed by one
    /// of the three is an escape the user wrote and is kept as it is.
    /// </summary>
    private static string EscapeLike(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '\\' or '%' or '_')
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
            }
            else
            {
                if (c is '\\' or '%' or '_')
                {
                    sb.Append('\\');
                }

                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
