using System.Globalization;

namespace Strata.Bench.Baseline;

/// <summary>The API's date text: <c>2006-01-02 15:04:05.000Z</c>.</summary>
public static class Dates
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.fff'Z'";

    public static string Now() => DateTime.UtcNow.ToString(Format, CultureInfo.InvariantCulture);

    public static string Normalize(string input) =>
        DateTime.Parse(input, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)
            .ToString(Format, CultureInfo.InvariantCulture);

    public static DateTime? ToDateTime(string text) =>
        text.Length == 0 ? null : DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public static string FromDateTime(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString(Format, CultureInfo.InvariantCulture);
}
