using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>bool</c> field type.</summary>
public sealed class BoolField : Field
{
    /// <inheritdoc />
    public override string Type => "bool";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Bool;

    /// <inheritdoc />
    public override object? ZeroValue => false;
}
