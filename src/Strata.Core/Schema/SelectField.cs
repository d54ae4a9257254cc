using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>select</c> field type.</summary>
public sealed class SelectField : Field
{
    /// <inheritdoc />
    public override string Type => "select";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => IsMultiValued ? Array.Empty<string>() : "";

    /// <summary>The allowed values.</summary>
    public IList<string> Values { get; set; } = [];

    /// <summary>More than 1 makes the field multi-valued.</summary>
    public int MaxSelect { get; set; }

    /// <inheritdoc />
    public override bool IsMultiValued => MaxSelect > 1;

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.Shape(ValueCast.ToStringList(input), IsMultiValued);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var items = ValueCast.AsList(value);
        if (items.Count == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (IsMultiValued && items.Count > MaxSelect)
        {
            return ErrorWith("validation_too_many_values", $"Select no more than {Num(MaxSelect)}.", "maxSelect", MaxSelect);
        }

        foreach (var item in items)
        {
            if (!Values.Contains(item))
            {
                return new FieldError("validation_in_invalid", "Must be a valid value.");
            }
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        WriteStrings(writer, "values", Values);
        writer.WriteNumber("maxSelect", MaxSelect);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        Values = r.StringList("values") ?? Values;
        MaxSelect = r.Int("maxSelect") ?? MaxSelect;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        if (Values.Count == 0)
        {
            ctx.Error("values", "validation_required", "Cannot be blank.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Values.Count; i++)
        {
            if (Values[i].Length == 0)
            {
                ctx.Error("values." + i, "validation_required", "Cannot be blank.");
            }
            else if (!seen.Add(Values[i]))
            {
                ctx.Error("values." + i, "validation_duplicated_value", "Duplicated value.");
            }
        }

        ctx.CheckNonNegative("maxSelect", MaxSelect);
        if (Values.Count > 0 && MaxSelect > Values.Count)
        {
            ctx.Error("maxSelect", "validation_max_less_equal_than_required", $"Must be no greater than {Num(Values.Count)}.", "max", Values.Count);
        }
    }

    internal override void CopyListsAfterClone() => Values = [.. Values];
}
