using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>url</c> field type.</summary>
public sealed class UrlField : Field
{
    /// <inheritdoc />
    public override string Type => "url";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Hosts that are refused.</summary>
    public IList<string> ExceptDomains { get; set; } = [];

    /// <summary>When non-empty, the only accepted hosts.</summary>
    public IList<string> OnlyDomains { get; set; } = [];
}
