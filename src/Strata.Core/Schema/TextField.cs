using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>text</c> field type.</summary>
public sealed class TextField : Field
{
    /// <inheritdoc />
    public override string Type => "text";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Minimum length in characters (runes).</summary>
    public int Min { get; set; }

    /// <summary>Maximum length in characters; 0 means 5000.</summary>
    public int Max { get; set; }

    /// <summary>A regular expression the value must match, or empty.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>A pattern used to generate a value on create when none is given, or empty.</summary>
    public string AutogeneratePattern { get; set; } = "";

    /// <summary>True for the <c>id</c> field.</summary>
    public bool PrimaryKey { get; set; }
}
