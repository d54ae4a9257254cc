namespace Strata.Core.Schema;

/// <summary>A longitude/latitude pair, the value of a <c>geoPoint</c> field.</summary>
/// <param name="Lon">Longitude in [-180, 180].</param>
/// <param name="Lat">Latitude in [-90, 90].</param>
public readonly record struct GeoPoint(double Lon, double Lat);
