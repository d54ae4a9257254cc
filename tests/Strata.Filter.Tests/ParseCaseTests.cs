using Strata.Filter.Syntax;
using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

/// <summary>Cases/parse.cases: <c>filter ⇶ tree</c> or <c>filter ⇶ error: message fragment</c>.</summary>
public sealed class ParseCaseTests
{
    public static TheoryData<int, string, string> Cases()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var (line, parts) in CaseFile.Read("parse.cases"))
            data.Add(line, parts[0], parts[1]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parses(int line, string filter, string expected)
    {
        if (expected.StartsWith("error:", StringComparison.Ordinal))
        {
            var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter));
            Assert.Contains(expected["error:".Length..].Trim(), e.Message, StringComparison.Ordinal);
            return;
        }
        var node = FilterParser.Parse(filter);
        Assert.True(expected == TreePrinter.Print(node), $"line {line}: got {TreePrinter.Print(node)}");

        // The printed source parses back to an equal tree.
        var printed = node.ToString();
        Assert.Equal(node, FilterParser.Parse(printed));
        Assert.Equal(printed, FilterParser.Parse(printed).ToString());
    }

    [Fact]
    public void CaseFileIsLargeEnough() => Assert.True(Cases().Count >= 150);

    [Fact]
    public void CachedTreesAreShared()
    {
        var a = FilterParser.Parse("cache_probe = 1");
        Assert.Same(a, FilterParser.Parse("cache_probe = 1"));
        Assert.True(FilterParser.CachedCount <= FilterParser.CacheCapacity);
    }

    [Fact]
    public void CacheStaysBounded()
    {
        for (var i = 0; i < FilterParser.CacheCapacity + 50; i++)
            FilterParser.Parse($"bound_probe = {i}");
        Assert.True(FilterParser.CachedCount <= FilterParser.CacheCapacity);
    }

    [Fact]
    public void FunctionEqualityIsStructural()
    {
        var a = new FunctionOperand("f", [new IdentifierOperand("x"), new NumberOperand(1, "1")]);
        var b = new FunctionOperand("f", [new IdentifierOperand("x"), new NumberOperand(1, "1")]);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new FunctionOperand("f", [new IdentifierOperand("x")]));
        Assert.NotEqual(a, new FunctionOperand("g", [new IdentifierOperand("x"), new NumberOperand(1, "1")]));
    }

    [Fact]
    public void HandBuiltTreesPrintWithNeededParentheses()
    {
        var c = new ComparisonNode(new IdentifierOperand("a"), ComparisonOperator.Equal, new NumberOperand(1, "1"));
        var node = new LogicalNode(new LogicalNode(c, LogicalOperator.Or, c), LogicalOperator.And, c);
        Assert.Equal("(a = 1 || a = 1) && a = 1", node.ToString());
    }

    [Theory]
    [InlineData("it's", "\"it's\"")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("both ' and \"", "\"both ' and \\\"\"")]
    [InlineData("back\\slash", "\"back\\slash\"")]
    public void TextPrintsReparseable(string value, string printed)
    {
        var t = new TextOperand(value);
        Assert.Equal(printed, t.ToString());
        var node = (ComparisonNode)FilterParser.Parse("a = " + printed);
        Assert.Equal(t, node.Right);
    }
}
