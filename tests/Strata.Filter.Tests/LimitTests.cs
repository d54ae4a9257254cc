namespace Strata.Filter.Tests;

public sealed class LimitTests
{
    [Fact]
    public void SourceUpToTheLimitParses()
    {
        var filter = "a = '" + new string('x', FilterLimits.MaxSourceLength - 6) + "'";
        Assert.Equal(FilterLimits.MaxSourceLength, filter.Length);
        FilterParser.Parse(filter);
    }

    [Fact]
    public void LongerSourceIsRejected()
    {
        var filter = "a = '" + new string('x', FilterLimits.MaxSourceLength - 5) + "'";
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter));
        Assert.Contains("longer than 3500", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoHundredComparisonsParse()
    {
        var filter = string.Join("&&", Enumerable.Repeat("a=1", FilterLimits.MaxComparisons));
        FilterParser.Parse(filter);
    }

    [Fact]
    public void MoreComparisonsAreRejected()
    {
        var filter = string.Join("||", Enumerable.Repeat("(a=1)", FilterLimits.MaxComparisons + 1));
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(filter));
        Assert.Contains("more than 200 expressions", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeepGroupsAreRejectedNotOverflowed()
    {
        var ok = new string('(', FilterLimits.MaxGroupDepth) + "a=1" + new string(')', FilterLimits.MaxGroupDepth);
        FilterParser.Parse(ok);
        var deep = new string('(', 1700) + "a=1" + new string(')', 1700);
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse(deep));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsNameThePosition()
    {
        var e = Assert.Throws<FilterException>(() => FilterParser.Parse("a = 1 && b"));
        Assert.Contains("position 10", e.Message, StringComparison.Ordinal);
    }
}
