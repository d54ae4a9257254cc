using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Strata.Filter.Compilation;

/// <summary>Conversions of literal values, done in C# so both engines bind the same typed value.</summary>
internal static partial class Literals
{
    public const string CanonicalDateFormat = "yyyy-MM-dd HH:mm:ss.fff'Z'";

    /// <summary>The text of a scalar: numbers in shortest round-trip form, booleans as 1/0.</summary>
    public static string ToText(object value) => value switch
    {
        string s => s,
        double d => FormatNumber(d),
        bool b => b ? "1" : "0",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string FormatNumber(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The number a scalar stands for under SQLite's numeric conversion, or null.</summary>
    public static double? ToNumber(object? value) => value switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        string s => TryParseNumber(s),
        _ => null,
    };

    /// <summary>Text that looks like a decimal number (optional sign, fraction, exponent, surrounding spaces).</summary>
    public static double? TryParseNumber(string text)
    {
        if (text.Length > 64 || !NumberPattern().IsMatch(text))
            return null;
        var d = double.Parse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(d) ? d : null;
    }

    /// <summary>Only the exact canonical form <c>YYYY-MM-DD HH:MM:SS.sssZ</c> of a real instant.</summary>
    public static DateTime? TryParseCanonicalDate(string text)
    {
        if (text.Length != 24)
            return null;
        return DateTime.TryParseExact(text, CanonicalDateFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)
            ? DateTime.SpecifyKind(dt, DateTimeKind.Utc)
            : null;
    }

    public static string FormatDate(DateTime utc) => utc.ToString(CanonicalDateFormat, CultureInfo.InvariantCulture);

    /// <summary>Normalises a value from a resolver or the AST to null, string, double, bool or a list of those.</summary>
    public static object? Normalize(object? value)
    {
        switch (value)
        {
            case null or DBNull:
                return null;
            case string s:
                return CheckText(s);
            case double d:
                return CheckNumber(d);
            case bool:
                return value;
            case float or decimal or int or long or short or byte or sbyte or uint or ulong or ushort:
                return CheckNumber(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case DateTime dt:
                return FormatDate(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
            case DateTimeOffset dto:
                return FormatDate(dto.UtcDateTime);
            case IEnumerable items:
                var list = new List<object?>();
                foreach (var item in items)
                {
                    var n = Normalize(item);
                    if (n is IReadOnlyList<object?>)
                        throw new FilterException("Invalid filter: nested lists are not supported.");
                    list.Add(n);
                }
                return list;
            default:
                return CheckText(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        }
    }

    private static double CheckNumber(double d) =>
        double.IsFinite(d) ? d : throw new FilterException("Invalid filter: number out of range.");

    /// <summary>PostgreSQL text cannot hold NUL or broken UTF-16; reject such values on every engine alike.</summary>
    public static string CheckText(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\0')
                throw new FilterException("Invalid filter: text values must not contain NUL characters.");
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
                throw new FilterException("Invalid filter: text values must be valid Unicode.");
        }
        return s;
    }

    /// <summary>Compares two strings in UTF-8 byte order (= code point order), as SQLite BINARY and COLLATE "C" do.</summary>
    public static int CompareBytes(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
                return ha == hb ? 0 : ha ? 1 : -1;
            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
                return c;
        }
    }

    [GeneratedRegex(@"^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
