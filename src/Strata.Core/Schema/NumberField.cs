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
}
