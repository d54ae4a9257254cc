using System.Globalization;
using Strata.Filter.Sql;

namespace Strata.Filter;

/// <summary>
/// The datetime macros of contract §3.6, all in UTC. Shared by the SQL compiler and the in-memory evaluator so both
/// resolve <c>@now</c>, <c>@todayStart</c>, <c>@weekday</c>... to exactly the same values.
/// </summary>
public static class DateMacros
{
    private const string CanonicalFormat = "yyyy-MM-dd HH:mm:ss.fff'Z'";

    /// <summary>Resolves a macro name at <paramref name="now"/>.</summary>
    /// <param name="name">The identifier, e.g. <c>@monthEnd</c>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="value">Canonical datetime text, or a double for the numeric macros.</param>
    /// <param name="type"><see cref="FilterValueType.Date"/> or <see cref="FilterValueType.Number"/>.</param>
    /// <returns>False when <paramref name="name"/> is not a macro.</returns>
    public static bool TryResolve(string name, DateTimeOffset now, out object? value, out FilterValueType type)
    {
        var n = now.UtcDateTime;
        var today = n.Date;
        var month = new DateTime(n.Year, n.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var year = new DateTime(n.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var endOfDay = TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1);
        DateTime? date = name switch
        {
            "@now" => n,
            "@yesterday" => n.AddDays(-1),
            "@tomorrow" => n.AddDays(1),
            "@todayStart" => today,
            "@todayEnd" => today + endOfDay,
            "@monthStart" => month,
            "@monthEnd" => month.AddMonths(1).AddMilliseconds(-1),
            "@yearStart" => year,
            "@yearEnd" => year.AddYears(1).AddMilliseconds(-1),
            _ => null,
        };
        if (date is { } d)
        {
            value = d.ToString(CanonicalFormat, CultureInfo.InvariantCulture);
            type = FilterValueType.Date;
            return true;
        }

        int? number = name switch
        {
            "@second" => n.Second,
            "@minute" => n.Minute,
            "@hour" => n.Hour,
            "@day" => n.Day,
            "@month" => n.Month,
            "@year" => n.Year,
            "@weekday" => (int)n.DayOfWeek,
            _ => null,
        };
        value = number is { } v ? (double)v : null;
        type = number is null ? FilterValueType.Any : FilterValueType.Number;
        return number is not null;
    }
}
