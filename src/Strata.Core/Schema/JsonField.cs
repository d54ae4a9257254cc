using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>json</c> field type.</summary>
public sealed class JsonField : Field
{
    /// <inheritdoc />
    public override string Type => "json";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Json;

    /// <inheritdoc />
    public override object? ZeroValue => null;

    /// <summary>Maximum serialized size in bytes; 0 means the default.</summary>
    public long MaxSize { get; set; }
}
