using Strata.Filter.Sql;

namespace Strata.Filter.Compilation;

/// <summary>The datetime macros of contract §3.6, all in UTC.</summary>
internal static class Macros
{
    public static Value? Resolve(string name, DateTimeOffset now)
    {
        var n = now.UtcDateTime;
        var today = n.Date;
        var month = new DateTime(n.Year, n.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var year = new DateTime(n.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var endOfDay = TimeSpan.FromDays(1) - TimeSpan.FromMilliseconds(1);
        return name switch
        {
            "@now" => Date(n),
            "@yesterday" => Date(n.AddDays(-1)),
            "@tomorrow" => Date(n.AddDays(1)),
            "@todayStart" => Date(today),
            "@todayEnd" => Date(today + endOfDay),
            "@monthStart" => Date(month),
            "@monthEnd" => Date(month.AddMonths(1).AddMilliseconds(-1)),
            "@yearStart" => Date(year),
            "@yearEnd" => Date(year.AddYears(1).AddMilliseconds(-1)),
            "@second" => Number(n.Second),
            "@minute" => Number(n.Minute),
            "@hour" => Number(n.Hour),
            "@day" => Number(n.Day),
            "@month" => Number(n.Month),
            "@year" => Number(n.Year),
            "@weekday" => Number((int)n.DayOfWeek),
            _ => null,
        };
    }

    private static Value Date(DateTime utc) => Value.Const(Literals.FormatDate(utc), FilterValueType.Date);

    private static Value Number(int value) => Value.Const((double)value, FilterValueType.Number);
}
