namespace Strata.Filter.Tests.Support;

/// <summary>
/// Reads case files: one case per line, <c>input ⇶ expected</c>, <c>#</c> comments and blank lines ignored.
/// In the input, <c>␤</c>, <c>␍</c> and <c>␉</c> stand for newline, carriage return and tab.
/// </summary>
internal static class CaseFile
{
    public const string Separator = "⇶";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Cases", name);

    public static IEnumerable<(int Line, string[] Parts)> Read(string name)
    {
        var lines = File.ReadAllLines(PathOf(name));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var parts = line.Split(Separator).Select(p => p.Trim()).ToArray();
            parts[0] = Unescape(parts[0]);
            yield return (i + 1, parts);
        }
    }

    public static string Unescape(string s) => s.Replace("␤", "\n", StringComparison.Ordinal)
        .Replace("␍", "\r", StringComparison.Ordinal).Replace("␉", "\t", StringComparison.Ordinal);
}
