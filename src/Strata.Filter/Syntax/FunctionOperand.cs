using System.Collections.Immutable;

namespace Strata.Filter.Syntax;

/// <summary>A function call such as <c>geoDistance(a.lon, a.lat, 1, 2)</c> or <c>strftime('%Y', created)</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments in order.</param>
public sealed record FunctionOperand(string Name, ImmutableArray<Operand> Arguments) : Operand;
