using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class FieldOutputTests
{
    private static string Out(Field f, object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            f.WriteValue(w, value);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Values_are_written_with_their_json_types()
    {
        Assert.Equal("\"hi\"", Out(new TextField(), "hi"));
        Assert.Equal("\"\"", Out(new TextField(), null));
        Assert.Equal("2.5", Out(new NumberField(), 2.5));
        Assert.Equal("0", Out(new NumberField(), double.NaN));
        Assert.Equal("true", Out(new BoolField(), true));
        Assert.Equal("false", Out(new BoolField(), "yes"));
        Assert.Equal("[\"a\",\"b\"]", Out(new SelectField { MaxSelect = 3 }, new[] { "a", "b" }));
        Assert.Equal("[]", Out(new RelationField { MaxSelect = 3 }, null));
        Assert.Equal("\"b\"", Out(new FileField(), new[] { "a", "b" }));
        Assert.Equal("null", Out(new JsonField(), null));
        Assert.Equal("{\"a\":[1]}", Out(new JsonField(), JsonNode.Parse("{\"a\":[1]}")));
        Assert.Equal("{\"lon\":1,\"lat\":2}", Out(new GeoPointField(), new GeoPoint(1, 2)));
        Assert.Equal("{\"lon\":0,\"lat\":0}", Out(new GeoPointField(), null));
        Assert.Equal("\"2024-01-01 00:00:00.000Z\"", Out(new DateField(), "2024-01-01 00:00:00.000Z"));
    }

    [Fact]
    public void Zero_values_write_like_the_contract_defaults()
    {
        foreach (var type in Field.TypeNames)
        {
            var f = Field.Create(type)!;
            var json = Out(f, f.ZeroValue);
            var expected = type switch
            {
                "number" => "0",
                "bool" => "false",
                "json" => "null",
                "geoPoint" => "{\"lon\":0,\"lat\":0}",
                _ => "\"\"",
            };
            Assert.Equal(expected, json);
        }
    }
}
