using System.Text.RegularExpressions;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class GeneratorTests
{
    [Fact]
    public void RandomId_is_15_lowercase_alphanumerics_and_varies()
    {
        var ids = Enumerable.Range(0, 200).Select(_ => RandomId.New()).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-z0-9]{15}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("[a-z0-9]{15}", "^[a-z0-9]{15}$")]
    [InlineData("[a-zA-Z0-9]{50}", "^[a-zA-Z0-9]{50}$")]
    [InlineData("^[a-z]{3,5}$", "^[a-z]{3,5}$")]
    [InlineData("INV-\\d{4}", "^INV-\\d{4}$")]
    [InlineData("(ab|cd)x?", "^(ab|cd)x?$")]
    [InlineData("[A-F\\d_-]{8}", "^[A-F0-9_-]{8}$")]
    [InlineData("a+b*", "^a+b*$")]
    [InlineData("\\w{5}", "^\\w{5}$")]
    [InlineData("x{2,}", "^x{2,}$")]
    [InlineData("", "^$")]
    public void Generated_values_match_their_pattern(string pattern, string check)
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.Matches(new Regex(check), PatternGenerator.Generate(pattern));
        }
    }

    [Fact]
    public void Generated_values_use_the_whole_class()
    {
        var seen = new HashSet<char>(string.Concat(Enumerable.Range(0, 50).Select(_ => PatternGenerator.Generate("[a-c]{20}"))));
        Assert.Equal(new HashSet<char>("abc"), seen);
    }

    [Theory]
    [InlineData("[^a]")]
    [InlineData("[a-")]
    [InlineData("(ab")]
    [InlineData("ab)")]
    [InlineData("a{2")]
    [InlineData("a{3,1}")]
    [InlineData("*a")]
    [InlineData("[z-a]")]
    [InlineData("\\p{L}")]
    [InlineData("a{99999}")]
    public void Unsupported_patterns_are_400(string pattern)
    {
        Assert.False(PatternGenerator.TryValidate(pattern, out var why));
        Assert.NotNull(why);
        Assert.Equal(400, Assert.Throws<StrataException>(() => PatternGenerator.Generate(pattern)).Status);
    }

    [Fact]
    public void Secrets_are_long_and_random()
    {
        var s = RandomId.Secret();
        Assert.Equal(50, s.Length);
        Assert.NotEqual(s, RandomId.Secret());
    }
}
