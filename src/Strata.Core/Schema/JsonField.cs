using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>json</c> field type.</summary>
public sealed class JsonField : Field
{
    /// <summary>The size limit when <see cref="MaxSize"/> is 0 (1 MiB).</summary>
    public const long DefaultMaxSize = 1 << 20;

    /// <inheritdoc />
    public override string Type => "json";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Json;

    /// <inheritdoc />
    public override object? ZeroValue => null;

    /// <summary>Maximum serialized size in bytes; 0 means the default.</summary>
    public long MaxSize { get; set; }

    /// <summary>The size limit in effect.</summary>
    public long EffectiveMaxSize => MaxSize > 0 ? MaxSize : DefaultMaxSize;

    /// <inheritdoc />
    /// <remarks>
    /// A string is parsed when it looks like JSON (<c>null</c>, <c>true</c>, <c>false</c>, a number, or text starting
    /// with <c>"</c>, <c>[</c> or <c>{</c> that parses), because multipart clients can only send text; any other
    /// string is kept as a JSON string.
    /// </remarks>
    private protected override object? NormalizeValue(JsonNode? input)
    {
        if (ValueCast.Kind(input) != JsonValueKind.String)
        {
            return input?.DeepClone();
        }

        var s = ValueCast.ToText(input);
        switch (s)
        {
            case "null":
                return null;
            case "true":
                return JsonValue.Create(true);
            case "false":
                return JsonValue.Create(false);
        }

        if (s.Length > 0 && (s[0] is '"' or '[' or '{' or '-' || char.IsAsciiDigit(s[0])))
        {
            try
            {
                var parsed = JsonNode.Parse(s);
                var kind = ValueCast.Kind(parsed);
                if (s[0] is '"' or '[' or '{' || kind == JsonValueKind.Number)
                {
                    return parsed;
                }
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                // Not JSON after all: kept as a plain string below.
            }
        }

        return JsonValue.Create(s);
    }

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        JsonNode? node;
        if (value is string raw)
        {
            try
            {
                node = JsonNode.Parse(raw);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return new FieldError("validation_invalid_json", "Must be a valid json value.");
            }
        }
        else if (value is null or JsonNode)
        {
            node = (JsonNode?)value;
        }
        else
        {
            return new FieldError("validation_invalid_json", "Must be a valid json value.");
        }

        if (IsEmpty(node))
        {
            return Required ? FieldError.Required() : null;
        }

        string text;
        try
        {
            text = node!.ToJsonString();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or NotSupportedException)
        {
            return new FieldError("validation_invalid_json", "Must be a valid json value.");
        }

        if (Encoding.UTF8.GetByteCount(text) > EffectiveMaxSize)
        {
            return ErrorWith("validation_json_size_limit", $"The maximum allowed JSON size is {Num(EffectiveMaxSize)} bytes.", "maxSize", EffectiveMaxSize);
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer) => writer.WriteNumber("maxSize", MaxSize);

    internal override void ReadOptions(JsonOptionReader r) => MaxSize = r.Long("maxSize") ?? MaxSize;

    internal override void ValidateOptions(FieldOptionsContext ctx) => ctx.CheckNonNegative("maxSize", MaxSize);

    private static bool IsEmpty(JsonNode? node) => ValueCast.Kind(node) switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => ValueCast.ToText(node).Length == 0,
        JsonValueKind.Array => node!.AsArray().Count == 0,
        JsonValueKind.Object => node!.AsObject().Count == 0,
        _ => false,
    };
}
