using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>bool</c> field type.</summary>
public sealed class BoolField : Field
{
    /// <inheritdoc />
    public override string Type => "bool";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Bool;

    /// <inheritdoc />
    public override object? ZeroValue => false;

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToBool(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value) => Required && value is not true ? FieldError.Required() : null;

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
    }
}
