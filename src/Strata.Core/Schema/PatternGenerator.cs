using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

/// <summary>
/// Generates random text matching the regular-expression subset used by <c>autogeneratePattern</c>: literals,
/// escapes (<c>\d</c>, <c>\w</c>, <c>\.</c>…), character classes with ranges, <c>.</c>, groups with <c>|</c>, and the
/// quantifiers <c>{n}</c>, <c>{n,m}</c>, <c>{n,}</c>, <c>?</c>, <c>*</c>, <c>+</c> (open ones are capped so output stays bounded).
/// Anchors <c>^</c>/<c>$</c> are accepted and ignored.
/// </summary>
public static class PatternGenerator
{
    private const int OpenRepeatCap = 10;
    private const int MaxOutput = 10_000;
    private const string WordChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    private const string Digits = "0123456789";
    private const string Alphanumerics = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private const int ParsedCap = 1024;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Alternation> Parsed = new(StringComparer.Ordinal);

    /// <summary>Generates one random string for <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern, e.g. <c>[a-z0-9]{15}</c>.</param>
    /// <exception cref="StrataException">400 when the pattern is outside the supported subset.</exception>
    public static string Generate(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        // Patterns come from the schema (a handful per app) and one is generated on every create: parse each once.
        if (!Parsed.TryGetValue(pattern, out var node))
        {
            node = Parse(pattern);
            if (Parsed.Count < ParsedCap)
            {
                Parsed.TryAdd(pattern, node);
            }
        }

        var sb = new StringBuilder();
        Emit(node, sb);
        return sb.ToString();
    }

    /// <summary>Checks that <paramref name="pattern"/> is in the supported subset.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="error">Why it is not, or null.</param>
    public static bool TryValidate(string pattern, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        try
        {
            Parse(pattern);
            error = null;
            return true;
        }
        catch (StrataException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static Alternation Parse(string pattern)
    {
        var parser = new Parser(pattern);
        var node = parser.ParseAlternation();
        if (parser.Pos < pattern.Length)
        {
            throw Invalid("unbalanced ')'");
        }

        if (node.MaxLength() > MaxOutput)
        {
            throw Invalid("the generated value would be too long");
        }

        return node;
    }

    private static StrataException Invalid(string why) => new(400, "Invalid autogenerate pattern: " + why + ".");

    private static void Emit(Node node, StringBuilder sb)
    {
        switch (node)
        {
            case CharSet set:
                sb.Append(set.Chars[RandomNumberGenerator.GetInt32(set.Chars.Length)]);
                break;
            case Alternation alt:
                var branch = alt.Branches[RandomNumberGenerator.GetInt32(alt.Branches.Count)];
                foreach (var item in branch)
                {
                    var times = item.Min == item.Max ? item.Min : RandomNumberGenerator.GetInt32(item.Min, item.Max + 1);
                    if (item.Node is CharSet run)
                    {
                        // One call to the system generator for the whole run (e.g. an id's 15 characters).
                        sb.Append(RandomNumberGenerator.GetString(run.Chars, times));
                        continue;
                    }

                    for (var i = 0; i < times; i++)
                    {
                        Emit(item.Node, sb);
                    }
                }

                break;
        }
    }

    private abstract class Node
    {
        public abstract long MaxLength();
    }

    private sealed class CharSet(string chars) : Node
    {
        public string Chars { get; } = chars;

        public override long MaxLength() => 1;
    }

    private sealed record Repeat(Node Node, int Min, int Max);

    private sealed class Alternation(List<List<Repeat>> branches) : Node
    {
        public List<List<Repeat>> Branches { get; } = branches;

        public override long MaxLength()
        {
            long max = 0;
            foreach (var b in Branches)
            {
                long len = 0;
                foreach (var r in b)
                {
                    len += r.Node.MaxLength() * r.Max;
                    if (len > MaxOutput)
                    {
                        return len;
                    }
                }

                max = Math.Max(max, len);
            }

            return max;
        }
    }

    private sealed class Parser(string text)
    {
        private int depth;

        public int Pos { get; private set; }

        public Alternation ParseAlternation()
        {
            if (++depth > 50)
            {
                throw Invalid("nesting is too deep");
            }

            var branches = new List<List<Repeat>> { ParseSequence() };
            while (Pos < text.Length && text[Pos] == '|')
            {
                Pos++;
                branches.Add(ParseSequence());
            }

            depth--;
            return new Alternation(branches);
        }

        private List<Repeat> ParseSequence()
        {
            var items = new List<Repeat>();
            while (Pos < text.Length && text[Pos] != '|' && text[Pos] != ')')
            {
                var c = text[Pos];
                if ((c == '^' && Pos == 0) || (c == '$' && Pos == text.Length - 1))
                {
                    Pos++;
                    continue;
                }

                var atom = ParseAtom();
                var (min, max) = ParseQuantifier();
                items.Add(new Repeat(atom, min, max));
            }

            return items;
        }

        private Node ParseAtom()
        {
            var c = text[Pos++];
            switch (c)
            {
                case '(':
                    if (Pos + 1 < text.Length && text[Pos] == '?' && text[Pos + 1] == ':')
                    {
                        Pos += 2;
                    }

                    var inner = ParseAlternation();
                    if (Pos >= text.Length || text[Pos] != ')')
                    {
                        throw Invalid("missing ')'");
                    }

                    Pos++;
                    return inner;
                case '[':
                    return ParseClass();
                case '\\':
                    return new CharSet(ParseEscape());
                case '.':
                    return new CharSet(Alphanumerics);
                case '*' or '+' or '?' or '{' or '}' or ']' or '^' or '$':
                    throw Invalid($"unexpected '{c}'");
                default:
                    return new CharSet(c.ToString());
            }
        }

        private string ParseEscape()
        {
            if (Pos >= text.Length)
            {
                throw Invalid("trailing '\\'");
            }

            var e = text[Pos++];
            return e switch
            {
                'd' => Digits,
                'w' => WordChars,
                's' => " ",
                't' => "\t",
                'n' => "\n",
                _ when char.IsAsciiLetterOrDigit(e) => throw Invalid($"unsupported escape '\\{e}'"),
                _ => e.ToString(),
            };
        }

        private CharSet ParseClass()
        {
            if (Pos < text.Length && text[Pos] == '^')
            {
                throw Invalid("negated classes are not supported");
            }

            var chars = new SortedSet<char>();
            var first = true;
            while (true)
            {
                if (Pos >= text.Length)
                {
                    throw Invalid("missing ']'");
                }

                var c = text[Pos];
                if (c == ']' && !first)
                {
                    Pos++;
                    break;
                }

                first = false;
                Pos++;
                string item;
                if (c == '\\')
                {
                    item = ParseEscape();
                }
                else
                {
                    item = c.ToString();
                }

                if (item.Length == 1 && Pos + 1 < text.Length && text[Pos] == '-' && text[Pos + 1] != ']')
                {
                    Pos++;
                    var hiChar = text[Pos++];
                    string hi = hiChar == '\\' ? ParseEscape() : hiChar.ToString();
                    if (hi.Length != 1 || hi[0] < item[0])
                    {
                        throw Invalid("bad character range");
                    }

                    for (var ch = item[0]; ch <= hi[0]; ch++)
                    {
                        chars.Add(ch);
                        if (ch == char.MaxValue)
                        {
                            break;
                        }
                    }
                }
                else
                {
                    foreach (var ch in item)
                    {
                        chars.Add(ch);
                    }
                }
            }

            if (chars.Count == 0)
            {
                throw Invalid("empty class");
            }

            return new CharSet(string.Concat(chars));
        }

        private (int Min, int Max) ParseQuantifier()
        {
            if (Pos >= text.Length)
            {
                return (1, 1);
            }

            switch (text[Pos])
            {
                case '?':
                    Pos++;
                    return (0, 1);
                case '*':
                    Pos++;
                    return (0, OpenRepeatCap);
                case '+':
                    Pos++;
                    return (1, OpenRepeatCap);
                case '{':
                    var close = text.IndexOf('}', Pos);
                    if (close < 0)
                    {
                        throw Invalid("missing '}'");
                    }

                    var body = text[(Pos + 1)..close];
                    Pos = close + 1;
                    var comma = body.IndexOf(',', StringComparison.Ordinal);
                    var min = ParseCount(comma < 0 ? body : body[..comma]);
                    var max = comma < 0 ? min : body[(comma + 1)..].Length == 0 ? min + OpenRepeatCap : ParseCount(body[(comma + 1)..]);
                    if (max < min)
                    {
                        throw Invalid("bad repeat range");
                    }

                    return (min, max);
                default:
                    return (1, 1);
            }
        }

        private static int ParseCount(string s)
        {
            if (s.Length is 0 or > 5 || !s.All(char.IsAsciiDigit))
            {
                throw Invalid("bad repeat count");
            }

            return int.Parse(s, CultureInfo.InvariantCulture);
        }
    }
}
