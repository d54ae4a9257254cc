namespace Strata.Filter.Tests;

public sealed class SortParserTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("title", "title ASC")]
    [InlineData("-title", "title DESC")]
    [InlineData("+title", "title ASC")]
    [InlineData(" -created , title ,+id ", "created DESC|title ASC|id ASC")]
    [InlineData("@random", "@random ASC")]
    [InlineData("-@rowid", "@rowid DESC")]
    [InlineData("rel.sub.name,-data.a.0", "rel.sub.name ASC|data.a.0 DESC")]
    [InlineData("a,b,c,d,e,f,g,h", "a ASC|b ASC|c ASC|d ASC|e ASC|f ASC|g ASC|h ASC")]
    [InlineData("tags:length", "tags:length ASC")]
    public void Parses(string sort, string expected)
    {
        var items = SortParser.Parse(sort);
        Assert.Equal(expected, string.Join("|", items.Select(i => $"{i.Identifier} {(i.Descending ? "DESC" : "ASC")}")));
    }

    [Theory]
    [InlineData("a,b,c,d,e,f,g,h,i", "more than 8")]
    [InlineData("a,", "empty sort field")]
    [InlineData(",a", "empty sort field")]
    [InlineData("-", "empty sort field")]
    [InlineData("+", "empty sort field")]
    [InlineData("--a", "not a valid sort field")]
    [InlineData("- a", "not a valid sort field")]
    [InlineData("a b", "not a valid sort field")]
    [InlineData("a.", "not a valid sort field")]
    [InlineData("_", "not a valid sort field")]
    [InlineData("1a", "not a valid sort field")]
    [InlineData("a;drop", "not a valid sort field")]
    [InlineData("'a'", "not a valid sort field")]
    [InlineData("a)", "not a valid sort field")]
    public void Rejects(string sort, string message)
    {
        var e = Assert.Throws<FilterException>(() => SortParser.Parse(sort));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsLongItems()
    {
        SortParser.Parse("-" + new string('a', 254));
        var e = Assert.Throws<FilterException>(() => SortParser.Parse(new string('a', 256)));
        Assert.Contains("longer than 255", e.Message, StringComparison.Ordinal);
    }
}
