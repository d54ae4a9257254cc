using System.Collections;
using System.Globalization;

namespace Strata.Filter.Compilation;

/// <summary>Conversions of literal values, done in C# so both engines bind the same typed value.</summary>
internal static class Literals
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

    public static string FormatNumber(double d) => FilterValueRules.FormatNumber(d);

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
}
