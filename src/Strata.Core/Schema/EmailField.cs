using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>email</c> field type.</summary>
public sealed class EmailField : Field
{
    /// <inheritdoc />
    public override string Type => "email";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Domains that are refused.</summary>
    public IList<string> ExceptDomains { get; set; } = [];

    /// <summary>When non-empty, the only accepted domains.</summary>
    public IList<string> OnlyDomains { get; set; } = [];
}
