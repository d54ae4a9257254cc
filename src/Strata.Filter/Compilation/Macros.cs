namespace Strata.Filter.Compilation;

/// <summary>The datetime macros of contract §3.6 as compiler values.</summary>
internal static class Macros
{
    public static Value? Resolve(string name, DateTimeOffset now) =>
        DateMacros.TryResolve(name, now, out var value, out var type) ? Value.Const(value, type) : null;
}
