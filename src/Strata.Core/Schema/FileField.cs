using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>file</c> field type.</summary>
public sealed partial class FileField : Field
{
    /// <summary>The per-file size limit when <see cref="MaxSize"/> is 0 (5 MiB).</summary>
    public const long DefaultMaxSize = 5 << 20;

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

    /// <summary>The per-file size limit in effect.</summary>
    public long EffectiveMaxSize => MaxSize > 0 ? MaxSize : DefaultMaxSize;

    /// <summary>The most files the field holds (at least 1).</summary>
    public int EffectiveMaxSelect => Math.Max(1, MaxSelect);

    /// <summary>Whether a detected MIME type is accepted.</summary>
    /// <param name="mimeType">The type detected from the bytes.</param>
    /// <remarks>Parameters such as <c>charset</c> are ignored on both sides, and <c>image/jpg</c> means <c>image/jpeg</c>.</remarks>
    public bool AcceptsMimeType(string mimeType)
    {
        ArgumentNullException.ThrowIfNull(mimeType);
        static string Canonical(string m) => Files.MimeSniffer.BaseType(m) is "image/jpg" ? "image/jpeg" : Files.MimeSniffer.BaseType(m);
        var detected = Canonical(mimeType);
        return MimeTypes.Count == 0 || MimeTypes.Any(m => Canonical(m) == detected);
    }

    /// <summary>Whether <paramref name="thumb"/> is a thumbnail size form (<c>WxH</c>, <c>WxHt</c>, <c>WxHb</c>, <c>WxHf</c>, <c>0xH</c>, <c>Wx0</c>).</summary>
    /// <param name="thumb">The size text.</param>
    public static bool IsValidThumb(string thumb)
    {
        ArgumentNullException.ThrowIfNull(thumb);
        var m = ThumbPattern().Match(thumb);
        return m.Success && !(m.Groups[1].Value.Trim('0').Length == 0 && m.Groups[2].Value.Trim('0').Length == 0);
    }

    /// <inheritdoc />
    /// <remarks>Only names; uploads are merged by the records layer (contract §2.6).</remarks>
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.Shape(ValueCast.ToStringList(input), IsMultiValued);

    /// <inheritdoc />
    /// <remarks>Checks the count; sizes, MIME types and unknown names need the uploads and the stored record.</remarks>
    private protected override FieldError? ValidateValue(object? value)
    {
        var items = ValueCast.AsList(value);
        if (items.Count == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (items.Count > EffectiveMaxSelect)
        {
            return ErrorWith("validation_too_many_files", $"The maximum allowed files is {Num(EffectiveMaxSelect)}.", "maxSelect", EffectiveMaxSelect);
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteNumber("maxSelect", MaxSelect);
        writer.WriteNumber("maxSize", MaxSize);
        WriteStrings(writer, "mimeTypes", MimeTypes);
        WriteStrings(writer, "thumbs", Thumbs);
        writer.WriteBoolean("protected", Protected);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        MaxSelect = r.Int("maxSelect") ?? MaxSelect;
        MaxSize = r.Long("maxSize") ?? MaxSize;
        MimeTypes = r.StringList("mimeTypes") ?? MimeTypes;
        Thumbs = r.StringList("thumbs") ?? Thumbs;
        Protected = r.Bool("protected") ?? Protected;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx)
    {
        ctx.CheckNonNegative("maxSelect", MaxSelect);
        ctx.CheckNonNegative("maxSize", MaxSize);
        for (var i = 0; i < Thumbs.Count; i++)
        {
            if (!IsValidThumb(Thumbs[i]))
            {
                ctx.Error("thumbs." + i, "validation_invalid_thumb_format", "Must be in WxH, WxHt, WxHb, WxHf, 0xH or Wx0 format.");
            }
        }

        for (var i = 0; i < MimeTypes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(MimeTypes[i]))
            {
                ctx.Error("mimeTypes." + i, "validation_required", "Cannot be blank.");
            }
        }
    }

    internal override void CopyListsAfterClone()
    {
        MimeTypes = [.. MimeTypes];
        Thumbs = [.. Thumbs];
    }

    [GeneratedRegex(@"^([0-9]{1,5})x([0-9]{1,5})(t|b|f)?\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ThumbPattern();
}
