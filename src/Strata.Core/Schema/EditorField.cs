using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>editor</c> field type.</summary>
public sealed class EditorField : Field
{
    /// <inheritdoc />
    public override string Type => "editor";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Maximum size in bytes; 0 means the default.</summary>
    public long MaxSize { get; set; }

    /// <summary>Whether URLs in the HTML are converted to relative ones by the admin console.</summary>
    public bool ConvertUrls { get; set; }
}
