namespace Strata.Bench.Baseline;

/// <summary>One row of the benchmark's <c>authors</c> table.</summary>
public sealed record Author(string Id, string Name, string Email);
