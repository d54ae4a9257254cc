using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

internal sealed partial class FilterCompilation
{
    private Value Operand(Operand operand) => operand switch
    {
        TextOperand t => Value.Const(Literals.CheckText(t.Value), FilterValueType.Text),
        NumberOperand n => Value.Const(Literals.Normalize(n.Value), FilterValueType.Number),
        IdentifierOperand i => Identifier(i.Name),
        FunctionOperand f => Function(f),
        _ => throw new FilterException("Invalid filter: unsupported operand."),
    };

    /// <summary>Macros first, then the resolver, then the keywords null/true/false (contract §3.3).</summary>
    private Value Identifier(string name)
    {
        if (Macros.Resolve(name, now) is { } macro)
            return macro;

        ResolvedOperand? resolved = null;
        FilterException? failure = null;
        try
        {
            resolved = resolver.Resolve(name);
        }
        catch (FilterException e)
        {
            failure = e;
        }
        if (resolved is not null)
            return FromResolved(name, resolved);

        if (string.Equals(name, "null", StringComparison.OrdinalIgnoreCase))
            return Value.Const(null);
        if (string.Equals(name, "true", StringComparison.OrdinalIgnoreCase))
            return Value.Const(true, FilterValueType.Bool);
        if (string.Equals(name, "false", StringComparison.OrdinalIgnoreCase))
            return Value.Const(false, FilterValueType.Bool);
        throw failure ?? new FilterException($"Invalid filter: unknown field \"{name}\".");
    }

    private static Value FromResolved(string name, ResolvedOperand resolved)
    {
        if (resolved.IsConstant)
        {
            var value = Literals.Normalize(resolved.ConstantValue);
            if (value is IReadOnlyList<object?> list)
            {
                return new Value
                {
                    IsConstant = true, List = list, Type = resolved.Type, Strict = resolved.Type == FilterValueType.Json,
                };
            }
            return Value.Const(value, resolved.Type);
        }
        if (string.IsNullOrWhiteSpace(resolved.Sql))
            throw new FilterException($"Invalid filter: \"{name}\" did not resolve to an expression.");
        return Value.Column(resolved.Sql, resolved.Type) with
        {
            IsMultiValued = resolved.IsMultiValued,
            MultiMatch = resolved.IsMultiValued ? resolved.MultiMatch : null,
        };
    }
}
