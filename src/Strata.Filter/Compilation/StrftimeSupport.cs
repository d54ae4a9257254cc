using System.Text.RegularExpressions;

namespace Strata.Filter.Compilation;

/// <summary>
/// The strftime subset both engines implement identically. Anything else is rejected when compiling rather than
/// left to differ between SQLite's built-in function and the PostgreSQL helper.
/// </summary>
internal static partial class StrftimeSupport
{
    private const string Specifiers = "dfFHIjklmMpPRsSTuwYe%";

    public static void CheckFormat(string format)
    {
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
                continue;
            if (i + 1 >= format.Length || !Specifiers.Contains(format[i + 1], StringComparison.Ordinal))
            {
                var spec = i + 1 < format.Length ? "%" + format[i + 1] : "a lone %";
                throw new FilterException($"Invalid filter: unsupported strftime format {spec}.");
            }
            i++;
        }
    }

    public static string CheckModifier(string modifier) =>
        Modifier().IsMatch(modifier)
            ? modifier
            : throw new FilterException($"Invalid filter: unsupported strftime modifier \"{modifier}\".");

    [GeneratedRegex(@"^(unixepoch|start of (day|month|year)|[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\s+(day|hour|minute|second|month|year)s?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Modifier();
}
