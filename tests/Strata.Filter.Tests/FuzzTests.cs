using System.Diagnostics;
using System.Text;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

/// <summary>
/// Seeded random and mutated inputs through the parser, the sort parser and the compiler: only FilterException may
/// escape. A share of the filters that compile also runs on both engines, which must neither fail nor disagree.
/// </summary>
public sealed class FuzzTests(DatabasesFixture db) : IClassFixture<DatabasesFixture>
{
    private const int Iterations = 25_000;
    private const int Executions = 2_500;

    private static readonly string[] Operands =
    [
        "title", "body", "views", "price", "verified", "created", "published", "data", "data.a", "data.s", "data.obj.k",
        "data.arr.0", "tags", "tags:each", "tags:length", "scores", "scores:length", "owner", "owner.name", "owner.age",
        "owner.active", "owner.birthday", "title:lower", "@request.auth.id", "@request.auth.verified", "@request.query.n",
        "@request.query.missing", "@request.query.slash", "@request.body.tags", "@request.body.none", "@request.body.nums",
        "@now", "@todayStart", "@monthEnd", "@year", "@weekday", "null", "true", "FALSE", "unknown", "title:bad",
        "@collection.x.y", "0", "1", "-1", "2.5", "10", "1000000", "\"\"", "''", "\"a\"", "'abc'", "\"%\"", "'a_b'",
        "\"\\%\"", "'it\\'s'", "\"5\"", "\"2024-01-15 10:00:00.000Z\"", "\"2024\"", "\"true\"", "'Ü'", "\"x\\\\y\"",
        "geoDistance(loc.lon, loc.lat, 23.32, 42.69)", "geoDistance(views, price, 0, 0)", "geoDistance(1,2,3)",
        "strftime('%Y', created)", "strftime('%Y-%m-%d', created, '+1 months')", "strftime('%s')", "strftime('%Q')",
        "strftime('%Y', tags)", "strftime(title)", "nope(1)", "f(g(h(i(1))))", "'1.50'", "' 5 '", "0.1", "-0",
        "'-0005-01-01'", "'2024-01-15'", "\"2024-01-15 10:00:00\"", "2460000.5", "strftime('%f', views)",
        "strftime('%s', price, 'unixepoch')", "strftime('%Y-%m-%d %H:%M:%f', body)", "strftime('%j %w %u', title, '-1 years')",
        "strftime('%F %T', data.a, '+1.5 months', 'start of day')", "strftime('%Y', scores:each)", "data.arr", "data.obj",
        "geoDistance(data.a, data.a, 1, 1)", "geoDistance(scores, 0, 0, 0)", "owner.birthday", "published",
    ];

    private static readonly string[] Signs =
        ["=", "!=", ">", ">=", "<", "<=", "~", "!~", "?=", "?!=", "?>", "?>=", "?<", "?<=", "?~", "?!~", "==", "<>", "?"];

    private static readonly string[] Noise =
        [" ", "  ", "\t", "\n", "\r", "(", ")", "()", "&&", "||", "&", "|", ",", "\"", "'", "\\", "//", "// c\n", "%",
         "_", "-", ".", ":", "@", "#", "é", "😀", "\0", "\u0001", "[", "{", ";", "=", "?", "!"];

    [Fact]
    public void OnlyFilterExceptionsEscape()
    {
        var watch = Stopwatch.StartNew();
        var compiled = 0;
        foreach (var input in Inputs(Seed(20261122), Iterations))
        {
            var started = watch.Elapsed;
            try
            {
                var node = FilterParser.Parse(input);
                Assert.Equal(node, FilterParser.Parse(node.ToString()));
                var sqlite = Compile(node, SqliteFilterDialect.Instance);
                var postgres = Compile(node, PostgresFilterDialect.Instance);
                Assert.Equal(sqlite is null, postgres is null);
                if (sqlite is not null)
                    compiled++;
            }
            catch (FilterException)
            {
            }
            try
            {
                SortParser.Parse(input);
            }
            catch (FilterException)
            {
            }
            AssertFast(watch, started, input);
        }
        Assert.True(compiled > 1000, $"only {compiled} inputs compiled; the generator needs tuning");
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(5), "fuzzing took too long");
    }

    [Fact]
    public void CompiledFuzzFiltersAgreeOnBothEngines()
    {
        var failures = new List<string>();
        var executed = 0;
        foreach (var input in Inputs(Seed(20261123), Iterations))
        {
            if (executed >= Executions)
                break;
            IReadOnlyList<string> a;
            try
            {
                a = db.Sqlite.Ids(input);
            }
            catch (FilterException)
            {
                continue;
            }
            executed++;
            var b = db.Postgres.Ids(input);
            if (!a.SequenceEqual(b))
                failures.Add($"{input}\n  sqlite:   {string.Join(" ", a)}\n  postgres: {string.Join(" ", b)}");
        }
        Assert.True(failures.Count == 0, "engines disagree:\n" + string.Join("\n", failures.Take(20)));
        Assert.True(executed >= Executions, $"only {executed} filters executed");
    }

    private static Random Seed(int fallback) =>
        new(int.TryParse(Environment.GetEnvironmentVariable("STRATA_FUZZ_SEED"), out var s) ? s : fallback);

    private static IEnumerable<string> Inputs(Random random, int count)
    {
        var seeds = CaseFile.Read("parse.cases").Select(c => c.Parts[0])
            .Concat(CaseFile.Read("exec.cases").Select(c => c.Parts[0])).ToArray();
        for (var i = 0; i < count; i++)
        {
            yield return (i % 3) switch
            {
                0 => Generate(random),
                1 => Mutate(random, seeds[random.Next(seeds.Length)]),
                _ => Mutate(random, Generate(random)),
            };
        }
    }

    /// <summary>Parsing and compiling one input is bounded (database round trips are not counted).</summary>
    private static void AssertFast(Stopwatch watch, TimeSpan started, string input)
    {
        if (watch.Elapsed - started > TimeSpan.FromSeconds(2))
            Assert.Fail($"slow input: {input}");
    }

    private static string? Compile(Syntax.FilterNode node, ISqlDialect dialect)
    {
        try
        {
            return FilterCompiler.Compile(node, new TestResolver(dialect), dialect, new SqlParameters(), FilterDatabase.Now);
        }
        catch (FilterException)
        {
            return null;
        }
    }

    internal static string Generate(Random random)
    {
        var sb = new StringBuilder();
        var conditions = random.Next(1, 5);
        for (var c = 0; c < conditions; c++)
        {
            if (c > 0)
                sb.Append(random.Next(2) == 0 ? " && " : " || ");
            var open = random.Next(4) == 0;
            if (open)
                sb.Append('(');
            sb.Append(Operand(random)).Append(' ').Append(Pick(random, Signs)).Append(' ').Append(Operand(random));
            if (open)
                sb.Append(')');
        }
        return sb.ToString();
    }

    private static readonly string[] LiteralTexts =
        ["", "a", "A", "Ab", "é", "É", "Ü", "%", "_", "a%", "%a", "\\%", "5", "5.0", "-0", " 7 ", "1e3", "0.1", "abc",
         "2024", "2024-01-15", "2024-01-15 10:00:00.000Z", "2024-01-15 10:00:00", "1999-12-31 00:00:00.000Z", "true",
         "false", "null", "[1,2]", "{\"a\":1}", "x y", "😀", "zeta"];

    private static readonly string[] LiteralNumbers = ["0", "1", "-1", "0.1", "2.5", "5", "7", "10", "100", "1000000", "-3.5", "9.99"];

    /// <summary>A field, macro or function from the vocabulary, or an edge-value literal.</summary>
    private static string Operand(Random random) => random.Next(10) switch
    {
        < 6 => Pick(random, Operands),
        < 8 => (random.Next(2) == 0 ? "\"" : "'") is var q ? q + Pick(random, LiteralTexts).Replace(q, "\\" + q, StringComparison.Ordinal) + q : "",
        _ => Pick(random, LiteralNumbers),
    };

    private static string Mutate(Random random, string input)
    {
        var sb = new StringBuilder(input);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = sb.Length == 0 ? 0 : random.Next(sb.Length + 1);
            switch (random.Next(6))
            {
                case 0:
                    sb.Insert(at, Pick(random, Noise));
                    break;
                case 1 when sb.Length > 0:
                    sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(random.Next(1, 4), sb.Length - Math.Min(at, sb.Length - 1)));
                    break;
                case 2:
                    sb.Insert(at, Pick(random, Operands));
                    break;
                case 3:
                    sb.Insert(at, Pick(random, Signs));
                    break;
                case 4 when sb.Length > 0:
                    var from = random.Next(sb.Length);
                    var length = random.Next(1, Math.Min(12, sb.Length - from) + 1);
                    sb.Insert(at, sb.ToString(from, length));
                    break;
                default:
                    sb.Insert(at, (char)random.Next(1, 0x3000));
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
