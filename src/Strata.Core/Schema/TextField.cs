using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>text</c> field type.</summary>
public sealed class TextField : Field
{
    /// <summary>The effective maximum when <see cref="Max"/> is 0.</summary>
    public const int DefaultMaxLength = 5000;

    /// <inheritdoc />
    public override string Type => "text";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Minimum length in characters (runes).</summary>
    public int Min { get; set; }

    /// <summary>Maximum length in characters; 0 means 5000.</summary>
    public int Max { get; set; }

    /// <summary>A regular expression the value must match, or empty.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>A pattern used to generate a value on create when none is given, or empty.</summary>
    public string AutogeneratePattern { get; set; } = "";

    /// <summary>True for the <c>id</c> field.</summary>
    public bool PrimaryKey { get; set; }

    /// <summary>The maximum length in effect.</summary>
    public int EffectiveMax => Max > 0 ? Max : DefaultMaxLength;

    /// <summary>A value from <see cref="AutogeneratePattern"/>, or "" when there is none.</summary>
    public string Autogenerate() => AutogeneratePattern.Length == 0 ? "" : PatternGenerator.Generate(AutogeneratePattern);

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToText(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var s = value as string ?? "";
        if (s.Length == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        var n = RuneCount(s);
        if (Min > 0 && n < Min)
        {
            return ErrorWith("validation_min_text_constraint", $"Must be at least {Num(Min)} character(s).", "min", Min);
        }

        if (n > EffectiveMax)
        {
            return ErrorWith("validation_max_text_constraint", $"Must be no more than {Num(EffectiveMax)} character(s).", "max", EffectiveMax);
        }

        if (Pattern.Length > 0 && !MatchesPattern(Pattern, s))
        {
            return new FieldError("validation_invalid_format", "Invalid value format.");
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteNumber("min", Min);
        writer.WriteNumber("max", Max);
        writer.WriteString("pattern", Pattern);
        writer.WriteString("autogeneratePattern", AutogeneratePattern);
        writer.WriteBoolean("primaryKey", PrimaryKey);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        Min = r.Int("min") ?? Min;
        Max = r.Int("max") ?? Max;
        Pattern = r.String("pattern") ?? Pattern;
        AutogeneratePattern = r.String("autogeneratePattern") ?? AutogeneratePattern;
        PrimaryKey = r.Bool("primaryKey") ?? PrimaryKey;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        ctx.CheckNonNegative("min", Min);
        ctx.CheckNonNegative("max", Max);
        if (Max > 0 && Min > Max)
        {
            ctx.Error("max", "validation_min_greater_equal_than_required", $"Must be no less than {Num(Min)}.", "min", Min);
        }

        ctx.CheckRegex("pattern", Pattern);
        ctx.CheckRegex("autogeneratePattern", AutogeneratePattern);
        if (AutogeneratePattern.Length > 0 && !PatternGenerator.TryValidate(AutogeneratePattern, out var why))
        {
            ctx.Error("autogeneratePattern", "validation_invalid_autogenerate_pattern", why ?? "Unsupported pattern.");
        }
    }
}
