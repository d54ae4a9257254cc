using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class DateTimeTextTests
{
    [Theory]
    [InlineData("2024-05-01 10:20:30.123Z", "2024-05-01 10:20:30.123Z")]
    [InlineData("2024-05-01T10:20:30.1Z", "2024-05-01 10:20:30.100Z")]
    [InlineData("2024-05-01t10:20:30-05:30", "2024-05-01 15:50:30.000Z")]
    [InlineData("2024-05-01 10:20:30+0100", "2024-05-01 09:20:30.000Z")]
    [InlineData("2024-05-01 10:20:30 UTC", "2024-05-01 10:20:30.000Z")]
    [InlineData("  2024-05-01  ", "2024-05-01 00:00:00.000Z")]
    [InlineData("2024-12-31T23:59:59.9999Z", "2024-12-31 23:59:59.999Z")]
    public void Parses_common_forms(string input, string expected)
    {
        Assert.True(DateTimeText.TryParse(input, out var t));
        Assert.Equal(expected, DateTimeText.Format(t));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-13-01")]
    [InlineData("2024-01-01 25:00:00")]
    [InlineData("0000-01-01")]
    [InlineData("0001-01-01T00:00:00+01:00")]
    [InlineData("yesterday")]
    [InlineData("٢٠٢٤-01-01")]
    [InlineData("2024-01-01\n10:00:00")]
    [InlineData("2024-01-01T10:00:00+99:00")]
    public void Rejects_invalid_forms(string input) => Assert.False(DateTimeText.TryParse(input, out _));

    [Fact]
    public void Now_is_canonical() => Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$", DateTimeText.Now());
}
