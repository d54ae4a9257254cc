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

    [Theory]
    [InlineData("2024-02-29 12:00:00.000Z", true)]
    [InlineData("2023-02-29 12:00:00.000Z", false)]
    [InlineData("2024-04-31 00:00:00.000Z", false)]
    [InlineData("2024-00-10 00:00:00.000Z", false)]
    [InlineData("2024-01-01 24:00:00.000Z", false)]
    [InlineData("2024-01-01 23:60:00.000Z", false)]
    [InlineData("2024-01-01 23:59:60.000Z", false)]
    [InlineData("0000-01-01 00:00:00.000Z", false)]
    [InlineData("9999-12-31 23:59:59.999Z", true)]
    [InlineData("2024-01-01 10:00:00.0a0Z", false)]
    public void Reads_canonical_text_with_the_same_range_checks(string input, bool valid) =>
        Assert.Equal(valid, DateTimeText.TryParse(input, out _));

    [Fact]
    public void Canonical_text_reads_as_its_rfc3339_twin()
    {
        // The canonical form has its own digit-by-digit reader; the same instant with a 'T' goes through the pattern.
        var random = new Random(20261122);
        for (var i = 0; i < 5000; i++)
        {
            var text = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{random.Next(0, 10000):D4}-{random.Next(0, 14):D2}-{random.Next(0, 33):D2} {random.Next(0, 26):D2}:{random.Next(0, 62):D2}:{random.Next(0, 62):D2}.{random.Next(0, 1000):D3}Z");
            var canonical = DateTimeText.TryParse(text, out var a);
            var twin = DateTimeText.TryParse(text.Replace(' ', 'T'), out var b);
            Assert.True(canonical == twin, text);
            Assert.Equal(b, a);
            if (canonical)
            {
                Assert.Equal(text, DateTimeText.Format(a));
            }
        }
    }

    [Fact]
    public void Now_is_canonical() => Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$", DateTimeText.Now());
}
