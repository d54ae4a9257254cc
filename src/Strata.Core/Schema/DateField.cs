using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>date</c> field type.</summary>
public sealed class DateField : Field
{
    /// <inheritdoc />
    public override string Type => "date";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Date;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Minimum datetime (canonical text) or empty.</summary>
    public string Min { get; set; } = "";

    /// <summary>Maximum datetime (canonical text) or empty.</summary>
    public string Max { get; set; } = "";

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => DateTimeText.Normalize(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var s = value as string ?? "";
        if (s.Length == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (!DateTimeText.TryParse(s, out var t))
        {
            return new FieldError("validation_invalid_date", "Must be a valid date.");
        }

        if (DateTimeText.TryParse(Min, out var min) && t < min)
        {
            return ErrorWith("validation_min_date_constraint", $"Must be greater than or equal to {DateTimeText.Format(min)}.", "min", DateTimeText.Format(min));
        }

        if (DateTimeText.TryParse(Max, out var max) && t > max)
        {
            return ErrorWith("validation_max_date_constraint", $"Must be less than or equal to {DateTimeText.Format(max)}.", "max", DateTimeText.Format(max));
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteString("min", Min);
        writer.WriteString("max", Max);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        Min = ReadDate(r, "min") ?? Min;
        Max = ReadDate(r, "max") ?? Max;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        if (DateTimeText.TryParse(Min, out var min) && DateTimeText.TryParse(Max, out var max) && min > max)
        {
            ctx.Error("max", "validation_min_greater_equal_than_required", "Must not be before min.");
        }
    }

    /// <summary>Accepts any date form and stores the canonical one, so later comparisons are textual.</summary>
    private static string? ReadDate(JsonOptionReader r, string key)
    {
        var s = r.String(key);
        if (s is null || s.Length == 0)
        {
            return s;
        }

        if (DateTimeText.TryParse(s, out var t))
        {
            return DateTimeText.Format(t);
        }

        r.Error(key, "validation_invalid_date", "Must be a valid date.");
        return null;
    }
}
