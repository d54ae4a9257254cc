using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>editor</c> field type.</summary>
public sealed class EditorField : Field
{
    /// <summary>The effective size limit when <see cref="MaxSize"/> is 0 (5 MiB).</summary>
    public const long DefaultMaxSize = 5 << 20;

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

    /// <summary>The size limit in effect.</summary>
    public long EffectiveMaxSize => MaxSize > 0 ? MaxSize : DefaultMaxSize;

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToText(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var s = value as string ?? "";
        if (s.Length == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (Encoding.UTF8.GetByteCount(s) > EffectiveMaxSize)
        {
            return ErrorWith("validation_content_size_limit", $"The maximum allowed content size is {Num(EffectiveMaxSize)} bytes.", "maxSize", EffectiveMaxSize);
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteNumber("maxSize", MaxSize);
        writer.WriteBoolean("convertURLs", ConvertUrls);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        MaxSize = r.Long("maxSize") ?? MaxSize;
        ConvertUrls = r.Bool("convertURLs") ?? ConvertUrls;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx) => ctx.CheckNonNegative("maxSize", MaxSize);
}
