using System.Globalization;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

/// <summary>
/// Seeded random rows (edge values of every type) on both engines, queried with generated filters: the engines
/// must select the same rows. Complements the fixed rows of exec.cases, whose expected ids are reviewed by hand.
/// </summary>
public sealed class RandomDataParityTests : IDisposable
{
    private static readonly string[] Texts =
        ["", "a", "A", "abc", "ABC", "Ünï", "é", "%", "_", "\\", "a_b", "a%b", "5", "5.0", " 5", "10", "1e3", "null",
         "true", "2024-01-15 10:00:00.000Z", "x'y", "\"q\"", "😀", "zeta", "Zeta", "b"];

    private static readonly double[] Numbers =
        [0, -0.0, 1, -1, 0.1, 0.1 + 0.2, 2.5, 1e15, 123456.789, 1.0 / 3, -1e-5, 9.99, 1e6, 7, 5, 10, 2024];

    private static readonly string?[] Json =
        [null, "{}", """{"a":1}""", """{"a":1.0}""", """{"a":"1"}""", """{"a":true}""", """{"a":false}""", """{"a":null}""",
         """{"a":[1,2]}""", """{"a":{"b":1}}""", """{"a":""}""", """{"a":0.1}""", """{"a":-0.0000005}""", """{"a":"é","s":"x"}""",
         """{"a":5,"s":"abc"}""", """{"a":"2024-01-15 10:00:00.000Z"}""", """{"a":2460000.5}"""];

    private static readonly string[] Tags = ["a", "b", "A", "", "%", "5", "_", "2024"];

    private readonly SqliteFilterDatabase _sqlite;
    private readonly PostgresFilterDatabase _postgres;

    public RandomDataParityTests()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(1, 60).Select(i => Row(random, i)).ToList();
        _sqlite = new SqliteFilterDatabase(rows);
        _postgres = new PostgresFilterDatabase(rows);
    }

    [Fact]
    public void EnginesAgreeOnRandomRows()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRATA_FUZZ_SEED"), out var s) ? s : 11;
        var random = new Random(seed);
        var failures = new List<string>();
        var ran = 0;
        for (var i = 0; i < 3000 && failures.Count < 10; i++)
        {
            var filter = FuzzTests.Generate(random);
            IReadOnlyList<string> a;
            try
            {
                a = _sqlite.Ids(filter);
            }
            catch (FilterException)
            {
                continue;
            }
            var b = _postgres.Ids(filter);
            ran++;
            if (!a.SequenceEqual(b))
                failures.Add($"{filter}\n  sqlite:   {string.Join(" ", a)}\n  postgres: {string.Join(" ", b)}");
        }
        Assert.True(failures.Count == 0, "engines disagree:\n" + string.Join("\n", failures));
        Assert.True(ran > 1000, $"only {ran} filters ran");
    }

    private static ItemRow Row(Random r, int i)
    {
        T Pick<T>(T[] items) => items[r.Next(items.Length)];
        string Date() => r.Next(5) == 0
            ? ""
            : new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(r.NextInt64(0, 40L * 365 * 86400000))
                .ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        string Array<T>(T[] pool, Func<T, string> json) =>
            "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => json(Pick(pool)))) + "]";
        var loc = r.Next(4) switch
        {
            0 => null,
            1 => """{"lon":"x","lat":1}""",
            _ => string.Create(CultureInfo.InvariantCulture, $$"""{"lon":{{r.Next(-180, 180) + r.NextDouble()}},"lat":{{r.Next(-90, 90) + r.NextDouble()}}}"""),
        };
        return new ItemRow(
            "x" + i.ToString("D2", CultureInfo.InvariantCulture), Pick(Texts), Pick(Texts), Pick(Numbers), Pick(Numbers),
            r.Next(2) == 0, Date(), Date(), Pick(Json),
            Array(Tags, t => System.Text.Json.JsonSerializer.Serialize(t)),
            Array([0.0, 1, 2.5, -1, 5, 0.1], n => n.ToString("R", CultureInfo.InvariantCulture)),
            loc, Pick(["", "u1", "u2", "u3"]));
    }

    public void Dispose()
    {
        _sqlite.Dispose();
        _postgres.Dispose();
    }
}
