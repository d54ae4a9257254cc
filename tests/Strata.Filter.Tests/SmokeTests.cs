using Strata.Filter.Tests.Support;

namespace Strata.Filter.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void SqliteHasMathFunctions()
    {
        using var db = new SqliteFilterDatabase();
        Assert.NotNull(db.Scalar("SELECT sin(1)"));
        Assert.Equal("5", Convert.ToString(db.Scalar("SELECT typeof(+views) || CAST(+views AS TEXT) FROM items WHERE id = 'r06'"), System.Globalization.CultureInfo.InvariantCulture)![^1..]);
    }
}
