using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public void ParseAndCompileAreSafeInParallel()
    {
        var filters = Enumerable.Range(0, 3000)
            .Select(i => $"title = 'p{i % 1500}' && (views > {i} || tags ?= \"t{i % 7}\")").ToArray();
        var results = new string[filters.Length];
        Parallel.For(0, filters.Length, i =>
        {
            var dialect = i % 2 == 0 ? (ISqlDialect)SqliteFilterDialect.Instance : PostgresFilterDialect.Instance;
            var node = FilterParser.Parse(filters[i]);
            results[i] = FilterCompiler.Compile(node, new TestResolver(dialect), dialect, new SqlParameters(), FilterDatabase.Now);
        });
        Assert.All(results, r => Assert.False(string.IsNullOrEmpty(r)));
        Assert.True(FilterParser.CachedCount <= FilterParser.CacheCapacity);
    }

    [Fact]
    public void ConstantsNeverReachSqlText()
    {
        var parameters = new SqlParameters();
        var sql = FilterCompiler.Compile(FilterParser.Parse("title = 'secret' || views > 12345 || title ~ 'x%y'"),
            new TestResolver(SqliteFilterDialect.Instance), SqliteFilterDialect.Instance, parameters, FilterDatabase.Now);
        Assert.DoesNotContain("secret", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("x%y", sql, StringComparison.Ordinal);
        Assert.Equal(3, parameters.Items.Count);
    }

    [Fact]
    public void TextWithNulIsRejected()
    {
        var e = Assert.Throws<FilterException>(() => FilterCompiler.Compile(FilterParser.Parse("title = 'a\0b'"),
            new TestResolver(SqliteFilterDialect.Instance), SqliteFilterDialect.Instance, new SqlParameters(), FilterDatabase.Now));
        Assert.Contains("NUL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MacrosFollowTheClock()
    {
        var parameters = new SqlParameters();
        FilterCompiler.Compile(FilterParser.Parse("created > @todayEnd && created < @monthEnd && created > @yearStart && created = @yesterday"),
            new TestResolver(SqliteFilterDialect.Instance), SqliteFilterDialect.Instance, parameters, FilterDatabase.Now);
        Assert.Equal(
            ["2024-06-15 23:59:59.999Z", "2024-06-30 23:59:59.999Z", "2024-01-01 00:00:00.000Z", "2024-06-14 12:30:45.123Z"],
            parameters.Items.Select(p => (string)p.Value!));
    }
}
