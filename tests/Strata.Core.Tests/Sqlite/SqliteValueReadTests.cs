using Microsoft.Data.Sqlite;
using Strata.Core.Schema;
using Strata.Core.Sqlite;
using Xunit;

namespace Strata.Core.Tests.Sqlite;

/// <summary>
/// What a stored SQLite value reads back as for each field type, whatever its storage class (SQLite columns take any
/// type: imported or hand-edited data may hold an integer in a text column or text in a number column).
/// </summary>
public sealed class SqliteValueReadTests
{
    public static TheoryData<string, Field, object?> Cases() => new()
    {
        { "NULL", new TextField { Name = "f" }, "" },
        { "NULL", new NumberField { Name = "f" }, 0d },
        { "NULL", new BoolField { Name = "f" }, false },
        { "NULL", new JsonField { Name = "f" }, null },
        { "'abc'", new TextField { Name = "f" }, "abc" },
        { "42", new TextField { Name = "f" }, "42" },
        { "1.5", new TextField { Name = "f" }, "1.5" },
        { "42", new NumberField { Name = "f" }, 42d },
        { "2.25", new NumberField { Name = "f" }, 2.25d },
        { "'3.5'", new NumberField { Name = "f" }, 3.5d },
        { "'abc'", new NumberField { Name = "f" }, 0d },
        { "1", new BoolField { Name = "f" }, true },
        { "0", new BoolField { Name = "f" }, false },
        { "'true'", new BoolField { Name = "f" }, true },
        { "0.0", new BoolField { Name = "f" }, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_stored_value_reads_as_its_field_type(string sqlValue, Field field, object? expected)
    {
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
#pragma warning disable CA2100 // Literal SQL values from the case table above.
        cmd.CommandText = "SELECT " + sqlValue;
#pragma warning restore CA2100
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(expected, SqliteDialect.Instance.FromDb(field, reader, 0));
    }

    [Fact]
    public void A_multi_valued_field_reads_its_json_array_and_null_as_empty()
    {
        var tags = new SelectField { Name = "tags", MaxSelect = 3, Values = ["a", "b"] };
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT '[\"a\",\"b\"]', NULL";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(["a", "b"], (IEnumerable<string>)SqliteDialect.Instance.FromDb(tags, reader, 0)!);
        Assert.Empty((IEnumerable<string>)SqliteDialect.Instance.FromDb(tags, reader, 1)!);
    }
}
