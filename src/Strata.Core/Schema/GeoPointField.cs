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
}
