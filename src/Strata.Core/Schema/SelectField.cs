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
}
