using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class FieldValidateTests
{
    private static string? Code(Field f, object? value) => f.Validate(value)?.Code;

    [Fact]
    public void Text_constraints()
    {
        var f = new TextField { Min = 2, Max = 4, Pattern = "^[a-z]+$", Required = true };
        Assert.Equal("validation_required", Code(f, ""));
        Assert.Equal("validation_min_text_constraint", Code(f, "a"));
        Assert.Equal("validation_max_text_constraint", Code(f, "abcde"));
        Assert.Equal("validation_invalid_format", Code(f, "AB"));
        Assert.Null(Code(f, "abc"));
        var max = f.Validate("abcde")!;
        Assert.Equal(4, max.Params!["max"]!.GetValue<double>());
        Assert.EndsWith(".", max.Message, StringComparison.Ordinal);
        Assert.Null(Code(new TextField { Min = 2 }, ""));
        Assert.Null(Code(new TextField { Max = 2 }, "😀😀"));
        Assert.Equal("validation_max_text_constraint", Code(new TextField(), new string('x', 5001)));
    }

    [Theory]
    [InlineData("^[a-z0-9]+$", "abc\n", false)]
    [InlineData("^[a-z0-9]+$", "abc", true)]
    [InlineData("^[$]+$", "$$", true)]
    [InlineData("^a\\$$", "a$", true)]
    [InlineData("(?m)^a$", "a\nb", true)]
    public void Pattern_dollar_means_end_of_text(string pattern, string value, bool ok)
    {
        Assert.Equal(ok, new TextField { Pattern = pattern }.Validate(value) is null);
    }

    [Fact]
    public void Email_with_trailing_newline_is_invalid() => Assert.Equal("validation_is_email", Code(new EmailField(), "a@b.com\n"));

    [Fact]
    public void Number_constraints()
    {
        var f = new NumberField { Min = 1, Max = 10, OnlyInt = true };
        Assert.Equal("validation_not_a_number", Code(f, double.NaN));
        Assert.Equal("validation_not_a_number", Code(f, double.PositiveInfinity));
        Assert.Equal("validation_only_int_constraint", Code(f, 2.5));
        Assert.Equal("validation_min_number_constraint", Code(f, -3d));
        Assert.Equal("validation_max_number_constraint", Code(f, 11d));
        Assert.Null(Code(f, 0d));
        Assert.Null(Code(f, 5d));
        Assert.Equal("validation_required", Code(new NumberField { Required = true }, 0d));
    }

    [Fact]
    public void Bool_required_means_true()
    {
        Assert.Equal("validation_required", Code(new BoolField { Required = true }, false));
        Assert.Null(Code(new BoolField { Required = true }, true));
        Assert.Null(Code(new BoolField(), false));
    }

    [Fact]
    public void Email_format_and_domains()
    {
        Assert.Equal("validation_is_email", Code(new EmailField(), "nope"));
        Assert.Equal("validation_is_email", Code(new EmailField(), "a@b@c"));
        Assert.Null(Code(new EmailField(), "a.b+c@example.com"));
        Assert.Equal("validation_email_domain_not_allowed", Code(new EmailField { ExceptDomains = ["spam.com"] }, "x@SPAM.com"));
        Assert.Equal("validation_email_domain_not_allowed", Code(new EmailField { OnlyDomains = ["ok.com"] }, "x@other.com"));
        Assert.Null(Code(new EmailField { OnlyDomains = ["ok.com"] }, "x@ok.com"));
        Assert.Equal("validation_required", Code(new EmailField { Required = true }, ""));
    }

    [Fact]
    public void Url_format_and_domains()
    {
        Assert.Null(Code(new UrlField(), "https://example.com/a?b=c"));
        Assert.Null(Code(new UrlField(), "example.com"));
        Assert.Null(Code(new UrlField(), "http://localhost:8090"));
        Assert.Equal("validation_invalid_url", Code(new UrlField(), "not a url"));
        Assert.Equal("validation_invalid_url", Code(new UrlField(), "http://"));
        Assert.Equal("validation_url_domain_not_allowed", Code(new UrlField { ExceptDomains = ["example.com"] }, "https://example.com"));
        Assert.Equal("validation_url_domain_not_allowed", Code(new UrlField { OnlyDomains = ["a.com"] }, "https://b.com"));
    }

    [Fact]
    public void Editor_size()
    {
        Assert.Equal("validation_content_size_limit", Code(new EditorField { MaxSize = 3 }, "abcd"));
        Assert.Null(Code(new EditorField { MaxSize = 3 }, "abc"));
    }

    [Fact]
    public void Date_min_max()
    {
        var f = new DateField { Min = "2024-01-01 00:00:00.000Z", Max = "2024-12-31 00:00:00.000Z", Required = true };
        Assert.Equal("validation_required", Code(f, ""));
        Assert.Equal("validation_min_date_constraint", Code(f, "2023-06-01 00:00:00.000Z"));
        Assert.Equal("validation_max_date_constraint", Code(f, "2025-06-01 00:00:00.000Z"));
        Assert.Null(Code(f, "2024-06-01 00:00:00.000Z"));
        Assert.Equal("2024-01-01 00:00:00.000Z", f.Validate("2023-06-01 00:00:00.000Z")!.Params!["min"]!.GetValue<string>());
    }

    [Fact]
    public void Select_values_and_counts()
    {
        var single = new SelectField { Values = ["a", "b"], MaxSelect = 1 };
        Assert.Equal("validation_in_invalid", Code(single, "c"));
        Assert.Null(Code(single, "a"));
        var multi = new SelectField { Values = ["a", "b", "c"], MaxSelect = 2, Required = true };
        Assert.Equal("validation_too_many_values", Code(multi, new[] { "a", "b", "c" }));
        Assert.Equal("validation_required", Code(multi, Array.Empty<string>()));
        Assert.Equal("validation_in_invalid", Code(multi, new[] { "a", "x" }));
        Assert.Equal(2, multi.Validate(new[] { "a", "b", "c" })!.Params!["maxSelect"]!.GetValue<double>());
    }

    [Fact]
    public void Relation_counts()
    {
        var f = new RelationField { MinSelect = 2, MaxSelect = 3 };
        Assert.Equal("validation_not_enough_values", Code(f, new[] { "a" }));
        Assert.Equal("validation_too_many_values", Code(f, new[] { "a", "b", "c", "d" }));
        Assert.Null(Code(f, new[] { "a", "b" }));
        Assert.Null(Code(f, Array.Empty<string>()));
    }

    [Fact]
    public void File_counts()
    {
        Assert.Equal("validation_too_many_files", Code(new FileField { MaxSelect = 2 }, new[] { "a", "b", "c" }));
        Assert.Equal("validation_required", Code(new FileField { Required = true }, ""));
    }

    [Fact]
    public void Json_validation()
    {
        var f = new JsonField { MaxSize = 10, Required = true };
        Assert.Equal("validation_required", Code(f, null));
        Assert.Equal("validation_required", Code(f, JsonValue.Create("")));
        Assert.Equal("validation_required", Code(f, new JsonArray()));
        Assert.Equal("validation_required", Code(f, new JsonObject()));
        Assert.Equal("validation_json_size_limit", Code(f, JsonNode.Parse("[1,2,3,4,5,6,7]")));
        Assert.Equal("validation_invalid_json", Code(f, "{bad"));
        Assert.Null(Code(f, JsonNode.Parse("[1]")));
        Assert.Null(Code(new JsonField(), null));
        Assert.Null(Code(f, JsonValue.Create(false)));
    }

    [Fact]
    public void Password_validation()
    {
        var f = new PasswordField { Min = 8, Pattern = "\\d", Required = true };
        Assert.Equal("validation_required", Code(f, ""));
        Assert.Equal("validation_min_text_constraint", Code(f, "abc1"));
        Assert.Equal("validation_invalid_format", Code(f, "abcdefghij"));
        Assert.Equal("validation_max_text_constraint", Code(f, new string('1', 72)));
        Assert.Null(Code(f, "abcdefgh1"));
    }

    [Fact]
    public void GeoPoint_validation()
    {
        Assert.Equal("validation_required", Code(new GeoPointField { Required = true }, new GeoPoint(0, 0)));
        Assert.Equal("validation_invalid_latitude", Code(new GeoPointField(), new GeoPoint(0, 91)));
        Assert.Equal("validation_invalid_longitude", Code(new GeoPointField(), new GeoPoint(-181, 1)));
        Assert.Null(Code(new GeoPointField(), new GeoPoint(180, -90)));
    }

    [Fact]
    public void Autodate_never_fails() => Assert.Null(Code(new AutodateField(), "whatever"));

    [Fact]
    public void Messages_are_sentences()
    {
        var errors = new[]
        {
            new TextField { Min = 5 }.Validate("a"),
            new NumberField { OnlyInt = true }.Validate(1.5),
            new EmailField().Validate("x"),
            new UrlField().Validate("x"),
            new SelectField { Values = ["a"] }.Validate("b"),
            new JsonField().Validate("{"),
        };
        Assert.All(errors, e =>
        {
            Assert.NotNull(e);
            Assert.True(char.IsUpper(e.Message[0]), e.Message);
            Assert.EndsWith(".", e.Message, StringComparison.Ordinal);
        });
    }
}
