using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class FieldModifiersTests
{
    private static object? Apply(Field f, object? current, string body)
    {
        Assert.True(FieldModifiers.TryApply(f, current, JsonNode.Parse(body)!.AsObject(), out var value));
        return value;
    }

    [Fact]
    public void Number_add_and_subtract()
    {
        var f = new NumberField { Name = "n" };
        Assert.Equal(7d, Apply(f, 5d, """{"n+":2}"""));
        Assert.Equal(3d, Apply(f, 5d, """{"n-":2}"""));
        Assert.Equal(12d, Apply(f, 5d, """{"n+":2,"n":10}"""));
        Assert.Equal(9.5d, Apply(f, 0d, """{"n-":"0.5","n":10}"""));
    }

    [Fact]
    public void Plain_key_is_applied_before_modifiers_regardless_of_body_order()
    {
        var f = new SelectField { Name = "tags", Values = ["a", "b", "c"], MaxSelect = 5 };
        Assert.Equal(new[] { "a", "b", "c" }, Apply(f, new[] { "x" }, """{"tags+":"c","tags":["a","b"]}"""));
    }

    [Fact]
    public void Multi_select_prepend_append_remove()
    {
        var f = new SelectField { Name = "tags", MaxSelect = 5 };
        Assert.Equal(new[] { "z", "a", "b" }, Apply(f, new[] { "a", "b" }, """{"+tags":"z"}"""));
        Assert.Equal(new[] { "a", "b", "c", "d" }, Apply(f, new[] { "a", "b" }, """{"tags+":["c","d","a"]}"""));
        Assert.Equal(new[] { "b" }, Apply(f, new[] { "a", "b" }, """{"tags-":"a"}"""));
    }

    [Fact]
    public void Relation_modifiers_and_single_keeps_last()
    {
        var multi = new RelationField { Name = "r", MaxSelect = 9 };
        Assert.Equal(new[] { "id1", "id3" }, Apply(multi, new[] { "id1", "id2" }, """{"r-":["id2"],"r+":"id3"}"""));
        var single = new RelationField { Name = "r" };
        Assert.Equal("id2", Apply(single, "id1", """{"r+":"id2"}"""));
        Assert.Equal("id1", Apply(single, "id1", """{"+r":"id0"}"""));
        Assert.Equal("", Apply(single, "id1", """{"r-":"id1"}"""));
    }

    [Fact]
    public void File_minus_removes_names()
    {
        var f = new FileField { Name = "docs", MaxSelect = 5 };
        Assert.Equal(new[] { "b.png" }, Apply(f, new[] { "a.png", "b.png" }, """{"docs-":"a.png"}"""));
        Assert.False(FieldModifiers.TryApply(f, null, new JsonObject { ["docs+"] = "x.png" }, out _));
    }

    [Fact]
    public void Text_autogenerate_appends_to_prefix()
    {
        var f = new TextField { Name = "code", AutogeneratePattern = "[0-9]{4}" };
        var v = Assert.IsType<string>(Apply(f, "", """{"code:autogenerate":"INV-"}"""));
        Assert.Matches("^INV-[0-9]{4}$", v);
    }

    [Fact]
    public void Unrelated_keys_do_not_apply()
    {
        var f = new BoolField { Name = "b" };
        Assert.False(FieldModifiers.TryApply(f, true, JsonNode.Parse("""{"b+":1,"other":2}""")!.AsObject(), out var value));
        Assert.Equal(true, value);
    }

    [Fact]
    public void ApplyAll_skips_autodate_and_reports_changes()
    {
        var c = new Collection
        {
            Fields = [new NumberField { Name = "n" }, new AutodateField { Name = "created" }, new TextField { Name = "t" }],
        };
        var values = new Dictionary<string, object?> { ["n"] = 1d };
        var changed = FieldModifiers.ApplyAll(c, values, JsonNode.Parse("""{"n+":1,"created":"2020-01-01","t":5}""")!.AsObject());
        Assert.Equal(["n", "t"], changed);
        Assert.Equal(2d, values["n"]);
        Assert.Equal("5", values["t"]);
        Assert.False(values.ContainsKey("created"));
    }

    [Theory]
    [InlineData("views+", "views")]
    [InlineData("+tags", "tags")]
    [InlineData("tags-", "tags")]
    [InlineData("code:autogenerate", "code")]
    [InlineData("plain", "plain")]
    public void FieldNameOf_strips_modifiers(string key, string name) => Assert.Equal(name, FieldModifiers.FieldNameOf(key));
}
