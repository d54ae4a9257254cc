using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>password</c> field type.</summary>
public sealed class PasswordField : Field
{
    /// <summary>The effective maximum when <see cref="Max"/> is 0 (bcrypt reads at most 72 bytes).</summary>
    public const int DefaultMaxLength = 71;

    /// <inheritdoc />
    public override string Type => "password";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Minimum length of the plain password.</summary>
    public int Min { get; set; }

    /// <summary>Maximum length of the plain password; 0 means 71.</summary>
    public int Max { get; set; }

    /// <summary>A regular expression the plain password must match, or empty.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>bcrypt cost; 0 means the default.</summary>
    public int Cost { get; set; }

    /// <summary>The maximum length in effect.</summary>
    public int EffectiveMax => Max > 0 ? Max : DefaultMaxLength;

    /// <inheritdoc />
    /// <remarks>Returns the plain text; hashing is the auth layer's job on save.</remarks>
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToText(input);

    /// <inheritdoc />
    /// <remarks>Pass the plain password being set, never the stored hash.</remarks>
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
        writer.WriteNumber("cost", Cost);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        Min = r.Int("min") ?? Min;
        Max = r.Int("max") ?? Max;
        Pattern = r.String("pattern") ?? Pattern;
        Cost = r.Int("cost") ?? Cost;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        ctx.CheckNonNegative("min", Min);
        ctx.CheckNonNegative("max", Max);
        if (Max > DefaultMaxLength)
        {
            ctx.Error("max", "validation_max_less_equal_than_required", $"Must be no greater than {Num(DefaultMaxLength)}.", "max", DefaultMaxLength);
        }

        if (Min > EffectiveMax)
        {
            ctx.Error("min", "validation_max_less_equal_than_required", $"Must be no greater than {Num(EffectiveMax)}.", "max", EffectiveMax);
        }

        if (Cost != 0 && Cost is < 4 or > 31)
        {
            ctx.Error("cost", "validation_invalid_cost", "Must be 0 (default) or between 4 and 31.");
        }

        ctx.CheckRegex("pattern", Pattern);
    }
}
