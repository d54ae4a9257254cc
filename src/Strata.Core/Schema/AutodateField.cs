using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>autodate</c> field type.</summary>
public sealed class AutodateField : Field
{
    /// <inheritdoc />
    public override string Type => "autodate";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Date;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Set on create.</summary>
    public bool OnCreate { get; set; }

    /// <summary>Set on every update.</summary>
    public bool OnUpdate { get; set; }
}
