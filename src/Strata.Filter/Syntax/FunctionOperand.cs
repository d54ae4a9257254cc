using System.Collections.Immutable;

namespace Strata.Filter.Syntax;

/// <summary>A function call such as <c>geoDistance(a.lon, a.lat, 1, 2)</c> or <c>strftime('%Y', created)</c>.</summary>
/// <param name="Name">The function name.</param>
/// <param name="Arguments">The arguments in order.</param>
public sealed record FunctionOperand(string Name, ImmutableArray<Operand> Arguments) : Operand
{
    /// <summary>Structural equality: same name and equal arguments in order (ImmutableArray compares by reference).</summary>
    /// <param name="other">The other operand.</param>
    /// <returns>True when both calls are equal.</returns>
    public bool Equals(FunctionOperand? other)
    {
        if (ReferenceEquals(this, other))
            return true;
        if (other is null || !string.Equals(Name, other.Name, StringComparison.Ordinal))
            return false;
        var a = Arguments.IsDefault ? [] : Arguments;
        var b = other.Arguments.IsDefault ? [] : other.Arguments;
        return a.SequenceEqual(b);
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name, StringComparer.Ordinal);
        if (!Arguments.IsDefault)
        {
            foreach (var arg in Arguments)
                hash.Add(arg);
        }
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() =>
        Name + "(" + (Arguments.IsDefault ? "" : string.Join(", ", Arguments)) + ")";
}
