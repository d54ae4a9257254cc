using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>number</c> field type.</summary>
public sealed class NumberField : Field
{
    /// <inheritdoc />
    public override string Type => "number";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Number;

    /// <inheritdoc />
    public override object? ZeroValue => 0d;

    /// <summary>Inclusive minimum, or null.</summary>
    public double? Min { get; set; }

    /// <summary>Inclusive maximum, or null.</summary>
    public double? Max { get; set; }

    /// <summary>Only integers are accepted.</summary>
    public bool OnlyInt { get; set; }

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToNumber(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var d = value switch
        {
            double x => x,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            _ => 0d,
        };
        if (!double.IsFinite(d))
        {
            return new FieldError("validation_not_a_number", "The submitted number is not properly formatted.");
        }

        // Zero is "unset": only the required check applies to it.
        if (d == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (OnlyInt && d != Math.Truncate(d))
        {
            return new FieldError("validation_only_int_constraint", "Decimal numbers are not allowed.");
        }

        if (Min is { } min && d < min)
        {
            return ErrorWith("validation_min_number_constraint", $"Must be larger than or equal to {Num(min)}.", "min", min);
        }

        if (Max is { } max && d > max)
        {
            return ErrorWith("validation_max_number_constraint", $"Must be less than or equal to {Num(max)}.", "max", max);
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        WriteNullable(writer, "min", Min);
        WriteNullable(writer, "max", Max);
        writer.WriteBoolean("onlyInt", OnlyInt);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        if (r.NullableNumber("min", out var min))
        {
            Min = min;
        }

        if (r.NullableNumber("max", out var max))
        {
            Max = max;
        }

        OnlyInt = r.Bool("onlyInt") ?? OnlyInt;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        if (Min is { } min && Max is { } max && min > max)
        {
            ctx.Error("max", "validation_min_greater_equal_than_required", $"Must be no less than {Num(min)}.", "min", min);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string key, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(key, v);
        }
        else
        {
            writer.WriteNull(key);
        }
    }
}
