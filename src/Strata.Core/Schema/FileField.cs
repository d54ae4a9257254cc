using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>file</c> field type.</summary>
public sealed class FileField : Field
{
    /// <inheritdoc />
    public override string Type => "file";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => IsMultiValued ? Array.Empty<string>() : "";

    /// <summary>More than 1 makes the field multi-valued.</summary>
    public int MaxSelect { get; set; }

    /// <summary>Maximum bytes per file; 0 means 5 MiB.</summary>
    public long MaxSize { get; set; }

    /// <summary>Accepted MIME types; empty accepts any.</summary>
    public IList<string> MimeTypes { get; set; } = [];

    /// <summary>Allowed thumbnail sizes (<c>WxH</c> forms).</summary>
    public IList<string> Thumbs { get; set; } = [];

    /// <summary>Files need a file token to be read.</summary>
    public bool Protected { get; set; }

    /// <inheritdoc />
    public override bool IsMultiValued => MaxSelect > 1;
}
