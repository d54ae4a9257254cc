using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class FieldNormalizeTests
{
    private static JsonNode? J(string json) => JsonNode.Parse(json);

    [Theory]
    [InlineData("null", "")]
    [InlineData("\"abc\"", "abc")]
    [InlineData("5", "5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("1e3", "1000")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("[1,2]", "")]
    [InlineData("{\"a\":1}", "")]
    public void Text_casts_to_string(string input, string expected)
    {
        Assert.Equal(expected, new TextField().Normalize(J(input)));
        Assert.Equal(expected, new EmailField().Normalize(J(input)));
        Assert.Equal(expected, new UrlField().Normalize(J(input)));
        Assert.Equal(expected, new EditorField().Normalize(J(input)));
        Assert.Equal(expected, new PasswordField().Normalize(J(input)));
    }

    [Theory]
    [InlineData("null", 0d)]
    [InlineData("12.5", 12.5)]
    [InlineData("\"12.5\"", 12.5)]
    [InlineData("\"abc\"", 0d)]
    [InlineData("\"\"", 0d)]
    [InlineData("true", 1d)]
    [InlineData("false", 0d)]
    [InlineData("[1]", 0d)]
    [InlineData("{}", 0d)]
    [InlineData("\" 7 \"", 7d)]
    public void Number_casts_to_float(string input, double expected) => Assert.Equal(expected, new NumberField().Normalize(J(input)));

    [Fact]
    public void Number_text_nan_and_inf_are_kept_for_validation()
    {
        Assert.True(double.IsNaN((double)new NumberField().Normalize(J("\"NaN\""))!));
        Assert.True(double.IsPositiveInfinity((double)new NumberField().Normalize(J("\"Inf\""))!));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("null", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"1\"", true)]
    [InlineData("\"t\"", true)]
    [InlineData("\"yes\"", false)]
    [InlineData("\"false\"", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("2.5", true)]
    [InlineData("[]", false)]
    public void Bool_casts(string input, bool expected) => Assert.Equal(expected, new BoolField().Normalize(J(input)));

    [Theory]
    [InlineData("\"2024-05-01 10:20:30.123Z\"", "2024-05-01 10:20:30.123Z")]
    [InlineData("\"2024-05-01T10:20:30Z\"", "2024-05-01 10:20:30.000Z")]
    [InlineData("\"2024-05-01T10:20:30.123456789+02:00\"", "2024-05-01 08:20:30.123Z")]
    [InlineData("\"2024-05-01\"", "2024-05-01 00:00:00.000Z")]
    [InlineData("\"2024-05-01 10:20\"", "2024-05-01 10:20:00.000Z")]
    [InlineData("0", "1970-01-01 00:00:00.000Z")]
    [InlineData("1714558830", "2024-05-01 10:20:30.000Z")]
    [InlineData("\"\"", "")]
    [InlineData("null", "")]
    [InlineData("\"not a date\"", "")]
    [InlineData("\"2024-02-30\"", "")]
    [InlineData("true", "")]
    [InlineData("1e300", "")]
    public void Date_parses_any_input_to_canonical_text(string input, string expected)
    {
        Assert.Equal(expected, new DateField().Normalize(J(input)));
        Assert.Equal(expected, new AutodateField().Normalize(J(input)));
    }

    [Theory]
    [InlineData("null", "")]
    [InlineData("\"a\"", "a")]
    [InlineData("[\"a\",\"b\"]", "b")]
    [InlineData("[]", "")]
    [InlineData("\"\"", "")]
    [InlineData("[\"a\",\"b\",\"a\"]", "b")]
    public void Single_select_and_relation_keep_the_last(string input, string expected)
    {
        Assert.Equal(expected, new SelectField { MaxSelect = 1 }.Normalize(J(input)));
        Assert.Equal(expected, new RelationField().Normalize(J(input)));
        Assert.Equal(expected, new FileField().Normalize(J(input)));
    }

    [Theory]
    [InlineData("null", new string[0])]
    [InlineData("\"a\"", new[] { "a" })]
    [InlineData("[\"a\",\"b\",\"a\",\"\"]", new[] { "a", "b" })]
    [InlineData("\"[\\\"x\\\",\\\"y\\\"]\"", new[] { "x", "y" })]
    [InlineData("\"[not json\"", new[] { "[not json" })]
    [InlineData("[1,true]", new[] { "1", "true" })]
    public void Multiple_select_and_relation_dedupe(string input, string[] expected)
    {
        Assert.Equal(expected, new SelectField { MaxSelect = 5 }.Normalize(J(input)));
        Assert.Equal(expected, new RelationField { MaxSelect = 5 }.Normalize(J(input)));
        Assert.Equal(expected, new FileField { MaxSelect = 5 }.Normalize(J(input)));
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("\"null\"", "null")]
    [InlineData("\"true\"", "true")]
    [InlineData("\"false\"", "false")]
    [InlineData("\"12\"", "12")]
    [InlineData("\"-1.5\"", "-1.5")]
    [InlineData("\"[1,2]\"", "[1,2]")]
    [InlineData("\"{\\\"a\\\":1}\"", "{\"a\":1}")]
    [InlineData("\"\\\"q\\\"\"", "\"q\"")]
    [InlineData("\"hello\"", "\"hello\"")]
    [InlineData("\"[oops\"", "\"[oops\"")]
    [InlineData("\"12abc\"", "\"12abc\"")]
    [InlineData("\"\"", "\"\"")]
    [InlineData("{\"a\":[1]}", "{\"a\":[1]}")]
    [InlineData("5", "5")]
    public void Json_parses_strings_that_look_like_json(string input, string expected)
    {
        var value = (JsonNode?)new JsonField().Normalize(J(input));
        Assert.Equal(expected, value?.ToJsonString() ?? "null");
    }

    [Theory]
    [InlineData("{\"lon\":1.5,\"lat\":2}", 1.5, 2)]
    [InlineData("\"{\\\"lon\\\":3,\\\"lat\\\":4}\"", 3, 4)]
    [InlineData("{\"lon\":\"5\",\"lat\":\"x\"}", 5, 0)]
    [InlineData("null", 0, 0)]
    [InlineData("\"garbage\"", 0, 0)]
    [InlineData("[1,2]", 0, 0)]
    public void GeoPoint_from_object_or_json_string(string input, double lon, double lat) =>
        Assert.Equal(new GeoPoint(lon, lat), new GeoPointField().Normalize(J(input)));

    [Fact]
    public void Autodate_is_server_managed()
    {
        Assert.True(new AutodateField().IsServerManaged);
        Assert.False(new DateField().IsServerManaged);
    }
}
