namespace Strata.Core.Records.InMemory;

/// <summary>
/// SQL <c>LIKE … ESCAPE '\'</c> as SQLite evaluates it by default: <c>%</c> any run, <c>_</c> one character (code
/// point), <c>\x</c> the literal <c>x</c>, case-insensitive for ASCII letters only.
/// </summary>
internal static class LikeMatcher
{
    public static bool Matches(string value, string pattern) =>
        Match(Runes(value), 0, Runes(pattern), 0);

    private static int[] Runes(string s) => s.EnumerateRunes().Select(r => Fold(r.Value)).ToArray();

    private static int Fold(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;

    private static bool Match(int[] v, int vi, int[] p, int pi)
    {
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '%')
            {
                while (pi < p.Length && p[pi] == '%')
                {
                    pi++;
                }

                if (pi == p.Length)
                {
                    return true;
                }

                for (var k = vi; k <= v.Length; k++)
                {
                    if (Match(v, k, p, pi))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (vi >= v.Length)
            {
                return false;
            }

            if (c == '_')
            {
                vi++;
                pi++;
                continue;
            }

            if (c == '\\')
            {
                pi++;
                if (pi >= p.Length)
                {
                    return false;
                }

                c = p[pi];
            }

            if (v[vi] != c)
            {
                return false;
            }

            vi++;
            pi++;
        }

        return vi == v.Length;
    }
}
