using System.Text.Json.Serialization;

namespace Strata.Bench.Baseline;

/// <summary>Source-generated JSON for the few values the baseline serialises whole.</summary>
[JsonSerializable(typeof(string[]))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;
