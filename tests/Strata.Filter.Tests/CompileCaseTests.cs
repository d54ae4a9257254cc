using System.Globalization;
using System.Text;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

/// <summary>
/// Cases/compile.cases: blocks of <c>filter:</c>, <c>sqlite:</c>, <c>sqlite params:</c>, <c>postgres:</c>,
/// <c>postgres params:</c> lines, separated by blank lines. The SQL and the typed parameter values must match exactly.
/// With STRATA_BLESS=1 the current output is written to /tmp/compile.cases.blessed for review.
/// </summary>
public sealed class CompileCaseTests
{
    private static readonly DateTimeOffset Now = FilterDatabase.Now;

    public static TheoryData<int, string, string, string, string, string> Cases()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        foreach (var (line, block) in Blocks())
            data.Add(line, block["filter"], block.GetValueOrDefault("sqlite", ""), block.GetValueOrDefault("sqlite params", ""), block.GetValueOrDefault("postgres", ""), block.GetValueOrDefault("postgres params", ""));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CompilesTo(int line, string filter, string sqlite, string sqliteParams, string postgres, string postgresParams)
    {
        var (s, sp) = Compile(filter, SqliteFilterDialect.Instance);
        var (p, pp) = Compile(filter, PostgresFilterDialect.Instance);
        Assert.True(sqlite == s, $"line {line} sqlite:\n{s}");
        Assert.True(sqliteParams == sp, $"line {line} sqlite params:\n{sp}");
        Assert.True(postgres == p, $"line {line} postgres:\n{p}");
        Assert.True(postgresParams == pp, $"line {line} postgres params:\n{pp}");
    }

    [Fact]
    public void Bless()
    {
        if (Environment.GetEnvironmentVariable("STRATA_BLESS") != "1")
            return;
        var sb = new StringBuilder();
        foreach (var line in File.ReadAllLines(CaseFile.PathOf("compile.cases")))
        {
            if (line.StartsWith("filter:", StringComparison.Ordinal))
            {
                var filter = line["filter:".Length..].Trim();
                var (s, sp) = Compile(filter, SqliteFilterDialect.Instance);
                var (p, pp) = Compile(filter, PostgresFilterDialect.Instance);
                sb.AppendLine(line).AppendLine("sqlite: " + s).AppendLine("sqlite params: " + sp)
                    .AppendLine("postgres: " + p).AppendLine("postgres params: " + pp);
            }
            else if (line.Length == 0 || line.StartsWith('#'))
            {
                sb.AppendLine(line);
            }
        }
        File.WriteAllText("/tmp/compile.cases.blessed", sb.ToString());
    }

    private static (string Sql, string Params) Compile(string filter, ISqlDialect dialect)
    {
        var resolver = new TestResolver(dialect);
        var parameters = new SqlParameters();
        var sql = resolver.Where(FilterCompiler.Compile(FilterParser.Parse(filter), resolver, dialect, parameters, Now));
        return (sql, string.Join(", ", parameters.Items.Select(kv => Format(kv.Value))));
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => "'" + s + "'",
        double d => "double " + d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime dt => "DateTime " + dt.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " " + dt.Kind,
        _ => value.GetType().Name + " " + value,
    };

    private static IEnumerable<(int Line, Dictionary<string, string> Block)> Blocks()
    {
        var lines = File.ReadAllLines(CaseFile.PathOf("compile.cases"));
        Dictionary<string, string>? block = null;
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            var line = i < lines.Length ? lines[i] : "";
            if (line.StartsWith('#'))
                continue;
            if (line.Length == 0)
            {
                if (block is not null)
                    yield return (start, block);
                block = null;
                continue;
            }
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            var key = colon < 0 ? line.TrimEnd(':') : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 2)..];
            if (block is null)
            {
                block = new Dictionary<string, string>(StringComparer.Ordinal);
                start = i + 1;
            }
            block[key] = value;
        }
    }
}
