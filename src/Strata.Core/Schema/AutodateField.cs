using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>autodate</c> field type.</summary>
public sealed class AutodateField : Field
{
    /// <inheritdoc />
    public override string Type => "autodate";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Date;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Set on create.</summary>
    public bool OnCreate { get; set; }

    /// <summary>Set on every update.</summary>
    public bool OnUpdate { get; set; }

    /// <inheritdoc />
    public override bool IsServerManaged => true;

    internal override bool HasHelpAndRequired => false;

    /// <inheritdoc />
    /// <remarks>Only for trusted input (imports, storage); record writes from clients must skip this field.</remarks>
    private protected override object? NormalizeValue(JsonNode? input) => DateTimeText.Normalize(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value) => null;

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        writer.WriteBoolean("onCreate", OnCreate);
        writer.WriteBoolean("onUpdate", OnUpdate);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        OnCreate = r.Bool("onCreate") ?? OnCreate;
        OnUpdate = r.Bool("onUpdate") ?? OnUpdate;
    }
}
