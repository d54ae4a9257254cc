using System.Text;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

/// <summary>
/// Cases/exec.cases on real SQLite and real PostgreSQL: the expected ids, and identical ids on both engines.
/// With STRATA_BLESS=1 the SQLite results are written to Cases/exec.cases.blessed for review instead.
/// </summary>
public sealed class ExecutionCaseTests(DatabasesFixture db) : IClassFixture<DatabasesFixture>
{
    public static TheoryData<int, string, string> Cases()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var (line, parts) in CaseFile.Read("exec.cases"))
            data.Add(line, parts[0], parts[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameRowsOnBothEngines(int line, string filter, string expected)
    {
        if (expected.StartsWith("error:", StringComparison.Ordinal))
        {
            var message = expected["error:".Length..].Trim();
            Assert.Contains(message, Assert.Throws<FilterException>(() => db.Sqlite.Ids(filter)).Message, StringComparison.Ordinal);
            Assert.Contains(message, Assert.Throws<FilterException>(() => db.Postgres.Ids(filter)).Message, StringComparison.Ordinal);
            return;
        }
        var sqlite = string.Join(" ", db.Sqlite.Ids(filter));
        var postgres = string.Join(" ", db.Postgres.Ids(filter));
        if (sqlite.Length == 0)
            sqlite = "-";
        if (postgres.Length == 0)
            postgres = "-";
        Assert.True(sqlite == postgres, $"line {line}: sqlite [{sqlite}] != postgres [{postgres}]");
        if (Environment.GetEnvironmentVariable("STRATA_BLESS") != "1")
            Assert.True(expected == sqlite, $"line {line}: expected [{expected}] got [{sqlite}]");
    }

    [Fact]
    public void CaseFileIsLargeEnough() => Assert.True(Cases().Count >= 150);

    [Fact]
    public void Bless()
    {
        if (Environment.GetEnvironmentVariable("STRATA_BLESS") != "1")
            return;
        var sb = new StringBuilder();
        foreach (var line in File.ReadAllLines(CaseFile.PathOf("exec.cases")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                sb.AppendLine(line);
                continue;
            }
            var filter = line.Split(CaseFile.Separator)[0].Trim();
            string result;
            try
            {
                var ids = db.Sqlite.Ids(CaseFile.Unescape(filter));
                result = ids.Count == 0 ? "-" : string.Join(" ", ids);
            }
            catch (FilterException e)
            {
                result = "error: " + e.Message;
            }
            sb.AppendLine($"{filter} {CaseFile.Separator} {result}");
        }
        File.WriteAllText("/tmp/exec.cases.blessed", sb.ToString());
    }
}
