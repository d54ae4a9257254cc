using Strata.Filter.Sql;

namespace Strata.Core.Records.InMemory;

/// <summary>A resolved operand: a constant, or a value read from the current combination of joined rows.</summary>
internal abstract class PlanOperand
{
    public bool IsConstant { get; init; }

    public object? Constant { get; init; }

    public IReadOnlyList<object?>? List { get; init; }

    public FilterValueType Type { get; init; } = FilterValueType.Any;

    public bool Strict { get; init; }

    /// <summary>True when plain operators must also hold for every value of a fresh enumeration (contract §3.8).</summary>
    public virtual bool NeedsMatchAll => false;

    /// <summary>The value in the shared joins.</summary>
    public abstract EvalValue Eval(Binding b);

    /// <summary>Every value of a fresh, independent enumeration (only when <see cref="NeedsMatchAll"/>).</summary>
    public virtual IEnumerable<EvalValue> Fresh(Binding b) => [Eval(b)];
}

/// <summary>A constant operand.</summary>
internal sealed class ConstOperand : PlanOperand
{
    public ConstOperand(object? value, FilterValueType type)
    {
        IsConstant = true;
        Constant = value;
        Type = type;
        Strict = type == FilterValueType.Json;
    }

    public override EvalValue Eval(Binding b) => new(Constant, Type, true, Strict);
}

/// <summary>A value at the end of a chain of joins starting at a scope's root row.</summary>
internal sealed class PathOperand(int root, IReadOnlyList<JoinDef> steps, Func<object?, object?> extract, bool multi) : PlanOperand
{
    public override bool NeedsMatchAll => multi;

    public override EvalValue Eval(Binding b) =>
        EvalValue.Column(extract(b.Row(steps.Count == 0 ? root : steps[^1].Id)), Type, Strict);

    public override IEnumerable<EvalValue> Fresh(Binding b)
    {
        IEnumerable<object?> rows = [b.Row(root)];
        foreach (var step in steps)
        {
            var s = step;
            rows = rows.SelectMany(r => s.Rows(r));
        }

        return rows.Select(r => EvalValue.Column(extract(r), Type, Strict)).ToList();
    }
}

/// <summary>A function of other operands (geoDistance, strftime); multi-valued when an argument is.</summary>
internal sealed class CallOperand(IReadOnlyList<PlanOperand> args, Func<IReadOnlyList<EvalValue>, object?> compute) : PlanOperand
{
    public override bool NeedsMatchAll => args.Any(a => a.NeedsMatchAll);

    public override EvalValue Eval(Binding b) => EvalValue.Column(compute(args.Select(a => a.Eval(b)).ToList()), Type, Strict);

    public override IEnumerable<EvalValue> Fresh(Binding b)
    {
        IEnumerable<List<EvalValue>> combos = [[]];
        foreach (var arg in args)
        {
            var values = arg.NeedsMatchAll ? arg.Fresh(b).ToList() : [arg.Eval(b)];
            combos = combos.SelectMany(c => values.Select(v => new List<EvalValue>(c) { v })).ToList();
        }

        return combos.Select(c => EvalValue.Column(compute(c), Type, Strict)).ToList();
    }
}

/// <summary>A boolean computed from the shared joins (<c>@request.body.x:changed</c>).</summary>
internal sealed class ConditionOperand(Func<Binding, bool?> condition) : PlanOperand
{
    public override EvalValue Eval(Binding b) => EvalValue.Column(condition(b), Type, Strict);
}
