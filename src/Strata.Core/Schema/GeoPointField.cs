using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>geoPoint</c> field type.</summary>
public sealed class GeoPointField : Field
{
    /// <inheritdoc />
    public override string Type => "geoPoint";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Json;

    /// <inheritdoc />
    public override object? ZeroValue => new GeoPoint(0, 0);

    /// <inheritdoc />
    /// <remarks>Accepts <c>{"lon":…,"lat":…}</c> or the same as JSON text; anything else is (0, 0).</remarks>
    private protected override object? NormalizeValue(JsonNode? input)
    {
        var node = input;
        if (ValueCast.Kind(node) == JsonValueKind.String)
        {
            try
            {
                node = JsonNode.Parse(ValueCast.ToText(node));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return new GeoPoint(0, 0);
            }
        }

        if (node is not JsonObject o)
        {
            return new GeoPoint(0, 0);
        }

        return new GeoPoint(ValueCast.ToNumber(o["lon"]), ValueCast.ToNumber(o["lat"]));
    }

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var p = value is GeoPoint g ? g : new GeoPoint(0, 0);
        if (p.Lat == 0 && p.Lon == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        if (!double.IsFinite(p.Lat) || p.Lat < -90 || p.Lat > 90)
        {
            return new FieldError("validation_invalid_latitude", "Latitude must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(p.Lon) || p.Lon < -180 || p.Lon > 180)
        {
            return new FieldError("validation_invalid_longitude", "Longitude must be between -180 and 180 degrees.");
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
    }
}
