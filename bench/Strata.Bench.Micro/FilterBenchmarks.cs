using BenchmarkDotNet.Attributes;
using Strata.Core.Records;
using Strata.Core.Sqlite;
using Strata.Filter;

namespace Strata.Bench.Micro;

/// <summary>
/// The list scenario's filter and sort: parse only, and parse + compile to SQLite SQL through Strata's record query.
/// Cached = the same text every time (the parser's cache hits); cold = a new text every call (a cache miss).
/// </summary>
[MemoryDiagnoser]
public class FilterBenchmarks
{
    private const string Filter = "status = \"published\" && views > 100";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
    private int _n;

    [Benchmark]
    public object ParseCached() => FilterParser.Parse(Filter);

    [Benchmark]
    public object ParseCold() => FilterParser.Parse("status = \"published\" && views > " + _n++);

    [Benchmark]
    public string CompileCached() => Compile(Filter);

    [Benchmark]
    public string CompileCold() => Compile("status = \"published\" && views > " + _n++);

    private static string Compile(string filter) =>
        new RecordQuery(BenchSchema.Schema, SqliteDialect.Instance, BenchSchema.Posts, RequestInfo.Guest, Now)
            .Where(filter, ResolverOptions.Client, "f")
            .OrderBy("-published", ResolverOptions.Client)
            .SelectSql(50);
}
