using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Strata.Core.Schema;

/// <summary>
/// The contract's datetime text (§0.5): UTC <c>YYYY-MM-DD HH:MM:SS.sssZ</c>, or <c>""</c> for none. Stored, filtered
/// and serialized dates all use this one form so that text comparison orders them correctly.
/// </summary>
public static partial class DateTimeText
{
    /// <summary>The canonical datetime format of the contract: <c>YYYY-MM-DD HH:MM:SS.sssZ</c>.</summary>
    public const string CanonicalFormat = "yyyy-MM-dd HH:mm:ss.fff'Z'";

    // The latest unix second that still fits year 9999, so the canonical text stays fixed-width.
    private const double MaxUnixSeconds = 253402300799;
    private const double MinUnixSeconds = -62135596800;

    /// <summary>Formats a time as canonical text (converted to UTC, truncated to milliseconds).</summary>
    /// <param name="time">The time.</param>
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(CanonicalFormat, CultureInfo.InvariantCulture);

    /// <summary>The current time as canonical text.</summary>
    public static string Now() => Format(DateTimeOffset.UtcNow);

    /// <summary>
    /// Parses the canonical form, RFC 3339 (with <c>T</c> or a space, any fraction, <c>Z</c> or an offset) and
    /// <c>YYYY-MM-DD</c> (optionally with <c>HH:MM[:SS]</c>).
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="time">The parsed time in UTC.</param>
    public static bool TryParse(string? text, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return false;
        }

        // Stored values are canonical text, read on hot paths (session last-seen, date comparisons): an exact-format
        // parse first; every other form (and an impossible canonical date, which both refuse) goes through the pattern.
        if (TryParseCanonical(text, out var canonical))
        {
            time = new DateTimeOffset(canonical, TimeSpan.Zero);
            return true;
        }

        var m = DatePattern().Match(text.Trim());
        if (!m.Success)
        {
            return false;
        }

        int Part(int group) => m.Groups[group].Success ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var (year, month, day, hour, minute, second) = (Part(1), Part(2), Part(3), Part(4), Part(5), Part(6));
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var fraction = m.Groups[7].Value;
        var ms = fraction.Length == 0 ? 0 : int.Parse(fraction.PadRight(3, '0')[..3], CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        var zone = m.Groups[8].Value;
        if (zone.Length > 0 && zone[0] is '+' or '-')
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            var oh = int.Parse(digits[..2], CultureInfo.InvariantCulture);
            var om = int.Parse(digits[2..], CultureInfo.InvariantCulture);
            if (oh > 14 || om > 59)
            {
                return false;
            }

            offset = new TimeSpan(oh, om, 0);
            if (zone[0] == '-')
            {
                offset = -offset;
            }
        }

        var local = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Unspecified);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        time = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    /// <summary>Parses exactly the canonical form; false for "" or anything else (no trimming, no other forms).</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The UTC instant.</param>
    public static bool TryParseCanonical(string? text, out DateTime value) =>
        DateTime.TryParseExact(text, CanonicalFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);

    /// <summary>
    /// Normalizes any date input to canonical text: date strings as <see cref="TryParse"/> accepts, JSON numbers as
    /// unix seconds; anything else (or out of range) gives <c>""</c>.
    /// </summary>
    /// <param name="input">The input value.</param>
    public static string Normalize(JsonNode? input)
    {
        if (input is not JsonValue value)
        {
            return "";
        }

        switch (value.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.String:
                var s = ValueCast.ToText(value);
                return TryParse(s, out var t) ? Format(t) : "";
            case System.Text.Json.JsonValueKind.Number:
                var n = ValueCast.ToNumber(value);
                if (!double.IsFinite(n) || n < MinUnixSeconds || n > MaxUnixSeconds)
                {
                    return "";
                }

                // Whole seconds, as the reference server's cast does.
                return Format(DateTimeOffset.UnixEpoch.AddSeconds(Math.Truncate(n)));
            default:
                return "";
        }
    }

    [GeneratedRegex(@"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[Tt ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?[ ]*(Z|z|UTC|[+-][0-9]{2}:?[0-9]{2})?)?\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DatePattern();
}
