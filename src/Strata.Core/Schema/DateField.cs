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
}
