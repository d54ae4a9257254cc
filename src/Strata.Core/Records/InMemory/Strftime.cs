using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// SQLite's <c>strftime</c> for the subset the compiler accepts (see the PostgreSQL helper <c>strata_strftime</c>):
/// time values as date/time text, <c>now</c> or a number (Julian day, or Unix seconds after <c>unixepoch</c>);
/// modifiers <c>unixepoch</c>, <c>start of day|month|year</c> and <c>±N unit</c>. Null means SQL NULL.
/// </summary>
internal static partial class Strftime
{
    private static readonly DateTime Epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static string? Format(string format, object? time, IReadOnlyList<string> modifiers, DateTimeOffset now)
    {
        try
        {
            return Compute(format, time, modifiers, now);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Outside years 0001-9999: the PostgreSQL helper gives NULL (SQLite would print years before 0).
            return null;
        }
    }

    private static string? Compute(string format, object? time, IReadOnlyList<string> modifiers, DateTimeOffset now)
    {
        if (time is null)
        {
            return null;
        }

        var start = 0;
        DateTime ts;
        var text = time is string s ? s.Trim() : null;
        double? number = time switch
        {
            double d => d,
            bool b => b ? 1 : 0,
            _ => text is not null && NumberText().IsMatch(text) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
        };
        if (text is not null && text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            ts = Truncate(now.UtcDateTime);
        }
        else if (number is { } n)
        {
            if (modifiers.Count > 0 && modifiers[0].Trim().Equals("unixepoch", StringComparison.OrdinalIgnoreCase))
            {
                if (Math.Abs(n) > 1e11)
                {
                    return null;
                }

                ts = Epoch.AddMilliseconds(Math.Round(n * 1000));
                start = 1;
            }
            else
            {
                if (n < 0 || n > 5373484.5)
                {
                    return null;
                }

                ts = Epoch.AddMilliseconds(Math.Round((n - 2440587.5) * 86400000));
            }
        }
        else if (text is not null && ParseText(text) is { } parsed)
        {
            ts = parsed;
        }
        else
        {
            return null;
        }

        for (var k = start; k < modifiers.Count; k++)
        {
            if (Apply(ts, modifiers[k].Trim().ToLowerInvariant()) is not { } next)
            {
                return null;
            }

            ts = next;
        }

        return ts.Year is < 0 or > 9999 ? null : Render(format, ts);
    }

    private static DateTime Truncate(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static DateTime? ParseText(string text)
    {
        var m = TimeText().Match(text);
        if (!m.Success || (!m.Groups[1].Success && !m.Groups[4].Success))
        {
            return null;
        }

        int G(int i, int fallback) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : fallback;
        int y = G(1, 2000), mo = G(2, 1), d = G(3, 1), h = G(4, 0), mi = G(5, 0), sec = G(6, 0);
        if (mo is < 1 or > 12 || d is < 1 or > 31 || h > 24 || mi > 59 || sec > 59)
        {
            return null;
        }

        var frac = m.Groups[7].Success && m.Groups[7].Value.Length > 1
            ? Math.Round(double.Parse("0" + m.Groups[7].Value, CultureInfo.InvariantCulture), 3)
            : 0;
        var ts = new DateTime(y, mo, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(d - 1).AddHours(h).AddMinutes(mi).AddSeconds(sec)
            .AddMilliseconds(Math.Round(frac * 1000));
        if (m.Groups[8].Success && !m.Groups[8].Value.Equals("z", StringComparison.OrdinalIgnoreCase))
        {
            var tz = m.Groups[8].Value;
            var offset = new TimeSpan(int.Parse(tz.AsSpan(1, 2), CultureInfo.InvariantCulture), int.Parse(tz.AsSpan(4, 2), CultureInfo.InvariantCulture), 0);
            ts = tz[0] == '-' ? ts + offset : ts - offset;
        }

        return ts;
    }

    private static DateTime? Apply(DateTime ts, string m)
    {
        switch (m)
        {
            case "start of day":
                return ts.Date;
            case "start of month":
                return new DateTime(ts.Year, ts.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            case "start of year":
                return new DateTime(ts.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        }

        var p = Modifier().Match(m);
        if (!p.Success)
        {
            return null;
        }

        var amount = double.Parse(p.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = p.Groups[2].Value;
        try
        {
            if (unit is "month" or "year")
            {
                var whole = (int)Math.Truncate(amount);
                var months = (ts.Year * 12) + ts.Month - 1 + (unit == "month" ? whole : whole * 12);
                if (months < 12 || months > (9999 * 12) + 11)
                {
                    return null;
                }

                var shifted = new DateTime(months / 12, (months % 12) + 1, 1, 0, 0, 0, DateTimeKind.Utc)
                    .AddDays(ts.Day - 1) + ts.TimeOfDay;
                return shifted.AddMilliseconds(Math.Round((amount - whole) * (unit == "month" ? 30 : 365) * 86400000));
            }

            var ms = unit switch { "day" => 86400000d, "hour" => 3600000d, "minute" => 60000d, _ => 1000d };
            return ts.AddMilliseconds(Math.Round(amount * ms));
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string Render(string format, DateTime ts)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 >= format.Length)
            {
                sb.Append(format[i]);
                continue;
            }

            i++;
            var hour12 = ((ts.Hour + 11) % 12) + 1;
            sb.Append(format[i] switch
            {
                'd' => ts.Day.ToString("00", inv),
                'e' => ts.Day.ToString(inv).PadLeft(2),
                'f' => ts.Second.ToString("00", inv) + "." + ts.Millisecond.ToString("000", inv),
                'F' => ts.ToString("yyyy-MM-dd", inv),
                'H' => ts.Hour.ToString("00", inv),
                'I' => hour12.ToString("00", inv),
                'j' => ts.DayOfYear.ToString("000", inv),
                'k' => ts.Hour.ToString(inv).PadLeft(2),
                'l' => hour12.ToString(inv).PadLeft(2),
                'm' => ts.Month.ToString("00", inv),
                'M' => ts.Minute.ToString("00", inv),
                'p' => ts.Hour < 12 ? "AM" : "PM",
                'P' => ts.Hour < 12 ? "am" : "pm",
                'R' => ts.ToString("HH:mm", inv),
                's' => ((long)Math.Floor((ts - Epoch).TotalSeconds)).ToString(inv),
                'S' => ts.Second.ToString("00", inv),
                'T' => ts.ToString("HH:mm:ss", inv),
                'u' => (ts.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)ts.DayOfWeek).ToString(inv),
                'w' => ((int)ts.DayOfWeek).ToString(inv),
                'Y' => ts.Year.ToString("0000", inv),
                '%' => "%",
                var other => "%" + other,
            });
        }

        return sb.ToString();
    }

    [GeneratedRegex(@"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberText();

    [GeneratedRegex(@"^(?:(\d{4})-(\d{2})-(\d{2}))?(?:(?:^|[ T])(\d{2}):(\d{2})(?::(\d{2})(\.\d*)?)?)?\s*(z|[-+]\d{2}:\d{2})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeText();

    [GeneratedRegex(@"^([-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+))\s*(day|hour|minute|second|month|year)s?$", RegexOptions.CultureInvariant)]
    private static partial Regex Modifier();
}
