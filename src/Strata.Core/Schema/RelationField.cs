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
}
