using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>relation</c> field type.</summary>
public sealed class RelationField : Field
{
    /// <inheritdoc />
    public override string Type => "relation";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => IsMultiValued ? Array.Empty<string>() : "";

    /// <summary>The target collection id.</summary>
    public string CollectionId { get; set; } = "";

    /// <summary>Delete referencing records when the target is deleted.</summary>
    public bool CascadeDelete { get; set; }

    /// <summary>Minimum number of ids.</summary>
    public int MinSelect { get; set; }

    /// <summary>More than 1 makes the field multi-valued.</summary>
    public int MaxSelect { get; set; }

    /// <inheritdoc />
    public override bool IsMultiValued => MaxSelect > 1;

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.Shape(ValueCast.ToStringList(input), IsMultiValued);

    /// <inheritdoc />
    /// <remarks>Checks counts only; whether the ids exist in the target collection is for the records layer.</remarks>
    private protected override FieldError? ValidateValue(object? value)
    {
        var items = ValueCast.AsList(value);
        if (items.Count == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (MinSelect > 0 && items.Count < MinSelect)
        {
            return ErrorWith("validation_not_enough_values", $"Select at least {Num(MinSelect)}.", "minSelect", MinSelect);
        }

        if (IsMultiValued && items.Count > MaxSelect)
        {
            return ErrorWith("validation_too_many_values", $"Select no more than {Num(MaxSelect)}.", "maxSelect", MaxSelect);
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteString("collectionId", CollectionId);
        writer.WriteBoolean("cascadeDelete", CascadeDelete);
        writer.WriteNumber("minSelect", MinSelect);
        writer.WriteNumber("maxSelect", MaxSelect);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        CollectionId = r.String("collectionId") ?? CollectionId;
        CascadeDelete = r.Bool("cascadeDelete") ?? CascadeDelete;
        MinSelect = r.Int("minSelect") ?? MinSelect;
        MaxSelect = r.Int("maxSelect") ?? MaxSelect;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        ctx.CheckNonNegative("minSelect", MinSelect);
        ctx.CheckNonNegative("maxSelect", MaxSelect);
        if (MaxSelect > 0 && MinSelect > MaxSelect)
        {
            ctx.Error("maxSelect", "validation_min_greater_equal_than_required", $"Must be no less than {Num(MinSelect)}.", "min", MinSelect);
        }

        if (CollectionId.Length == 0)
        {
            ctx.Error("collectionId", "validation_required", "Cannot be blank.");
            return;
        }

        // A relation may point at its own collection, which is not in "all" yet while being created.
        var target = string.Equals(CollectionId, ctx.Candidate.Id, StringComparison.Ordinal)
            ? ctx.Candidate
            : ctx.All.FirstOrDefault(c => string.Equals(c.Id, CollectionId, StringComparison.Ordinal));
        if (target is null)
        {
            ctx.Error("collectionId", "validation_missing_collection", "The relation collection doesn't exist.");
        }
        else if (target.Type == CollectionType.View && ctx.Candidate.Type != CollectionType.View)
        {
            ctx.Error("collectionId", "validation_relation_to_view", "Relations to view collections are not allowed.");
        }

        if (ctx.Old is RelationField old && !string.Equals(old.CollectionId, CollectionId, StringComparison.Ordinal))
        {
            ctx.Error("collectionId", "validation_field_relation_change", "The relation collection cannot be changed.");
        }
    }
}
