using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Schema;
using Strata.Filter;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// Turns a filter AST into a predicate over combinations of joined rows, resolving identifiers exactly like
/// <see cref="RecordFieldResolver"/> does for SQL: joins are shared by equal paths, multi-valued paths carry a
/// fresh enumeration for the match-all check, and client filters add the joined collections' list rules.
/// </summary>
internal sealed partial class PlanBuilder
{
    private const int MaxRelationDepth = 6;
    private readonly InMemoryContext _ctx;
    private readonly Dictionary<string, JoinDef> _joins = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ruleKeys = new(StringComparer.Ordinal);

    public PlanBuilder(InMemoryContext ctx) => _ctx = ctx;

    /// <summary>The joins in statement order.</summary>
    public List<JoinDef> Joins { get; } = [];

    /// <summary>Conditions that must hold together with the expression (joined list rules).</summary>
    public List<Func<Binding, bool?>> Extras { get; } = [];

    /// <summary>Compiles an expression in the scope of a collection (the scope).</summary>
    public Func<Binding, bool?> Node(FilterNode node, Scope scope) => node switch
    {
        LogicalNode l when l.Operator == LogicalOperator.And => And(Node(l.Left, scope), Node(l.Right, scope)),
        LogicalNode l => Or(Node(l.Left, scope), Node(l.Right, scope)),
        GroupNode g => Node(g.Inner, scope),
        ComparisonNode c => Comparison(c, scope),
        _ => throw new FilterException("Invalid filter: unsupported expression."),
    };

    private static Func<Binding, bool?> And(Func<Binding, bool?> a, Func<Binding, bool?> b) => x => Comparisons.And(a(x), b(x));

    private static Func<Binding, bool?> Or(Func<Binding, bool?> a, Func<Binding, bool?> b) => x => Comparisons.Or(a(x), b(x));

    private Func<Binding, bool?> Comparison(ComparisonNode node, Scope scope)
    {
        var left = Operand(node.Left, scope);
        var right = Operand(node.Right, scope);
        var op = node.Operator.ToPlain();
        var any = node.Operator.IsAny();
        return b => Expand(left.Eval(b), left, right.Eval(b), right, op, any, b);
    }

    private static bool? Expand(EvalValue lv, PlanOperand left, EvalValue rv, PlanOperand right, ComparisonOperator op, bool any, Binding b)
    {
        if (left.List is { } leftItems)
        {
            return Combine(leftItems, item => Expand(EvalValue.Const(item, left.Type), Plain(item, left.Type), rv, right, op, any, b), any);
        }

        if (right.List is { } rightItems)
        {
            return Combine(rightItems, item => Expand(lv, left, EvalValue.Const(item, right.Type), Plain(item, right.Type), op, any, b), any);
        }

        var condition = Comparisons.Condition(lv, op, rv);
        if (any || (!left.NeedsMatchAll && !right.NeedsMatchAll))
        {
            return condition;
        }

        var ls = left.NeedsMatchAll ? left.Fresh(b).ToList() : [lv];
        var rs = right.NeedsMatchAll ? right.Fresh(b).ToList() : [rv];
        var allHold = ls.All(l => rs.All(r => Comparisons.Condition(l, op, r) == true));
        return Comparisons.And(condition, allHold);
    }

    private static ConstOperand Plain(object? item, FilterValueType type) => new(item, type);

    private static bool? Combine(IReadOnlyList<object?> items, Func<object?, bool?> each, bool any)
    {
        IReadOnlyList<object?> values = items.Count == 0 ? [null] : items;
        bool? result = any ? false : true;
        foreach (var v in values)
        {
            result = any ? Comparisons.Or(result, each(v)) : Comparisons.And(result, each(v));
        }

        return result;
    }

    private PlanOperand Operand(Operand operand, Scope scope) => operand switch
    {
        TextOperand t => new ConstOperand(t.Value, FilterValueType.Text),
        NumberOperand n => new ConstOperand(n.Value, FilterValueType.Number),
        IdentifierOperand i => Identifier(i.Name, scope),
        Filter.Syntax.FunctionOperand f => Function(f, scope),
        _ => throw new FilterException("Invalid filter: unsupported operand."),
    };

    /// <summary>Macros first, then the resolver, then the keywords null/true/false (contract §3.3).</summary>
    private PlanOperand Identifier(string name, Scope scope)
    {
        if (Macro(name) is { } macro)
        {
            return macro;
        }

        PlanOperand? resolved = null;
        FilterException? failure = null;
        try
        {
            resolved = Resolve(name, scope);
        }
        catch (FilterException e)
        {
            failure = e;
        }

        if (resolved is not null)
        {
            return resolved;
        }

        if (string.Equals(name, "null", StringComparison.OrdinalIgnoreCase))
        {
            return new ConstOperand(null, FilterValueType.Any);
        }

        if (string.Equals(name, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new ConstOperand(true, FilterValueType.Bool);
        }

        if (string.Equals(name, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new ConstOperand(false, FilterValueType.Bool);
        }

        throw failure ?? new FilterException($"Invalid filter: unknown field \"{name}\".");
    }

    private ConstOperand? Macro(string name) =>
        DateMacros.TryResolve(name, _ctx.Now, out var value, out var type) ? new ConstOperand(value, type) : null;

    private PlanOperand Function(Filter.Syntax.FunctionOperand f, Scope scope)
    {
        var args = f.Arguments.IsDefault ? [] : f.Arguments;
        return f.Name switch
        {
            "geoDistance" => GeoDistance(args, scope),
            "strftime" => StrftimeCall(args, scope),
            _ => throw new FilterException($"Invalid filter: unknown function \"{f.Name}\"."),
        };
    }

    private CallOperand GeoDistance(IReadOnlyList<Operand> args, Scope scope)
    {
        if (args.Count != 4)
        {
            throw new FilterException("Invalid filter: geoDistance() takes 4 arguments (lonA, latA, lonB, latB).");
        }

        var values = new List<PlanOperand>(4);
        foreach (var arg in args)
        {
            if (arg is not (NumberOperand or IdentifierOperand))
            {
                throw new FilterException("Invalid filter: geoDistance() arguments must be numbers or identifiers.");
            }

            var v = Operand(arg, scope);
            if (v.List is not null)
            {
                throw new FilterException("Invalid filter: geoDistance() arguments must be single values.");
            }

            values.Add(v);
        }

        return new CallOperand(values, vs =>
        {
            var n = vs.Select(GeoNumber).ToList();
            if (n.Any(x => x is null))
            {
                return null;
            }

            static double Rad(double d) => d * Math.PI / 180;
            double lonA = n[0]!.Value, latA = n[1]!.Value, lonB = n[2]!.Value, latB = n[3]!.Value;
            var sinLat = Math.Sin(Rad(latB - latA) / 2);
            var sinLon = Math.Sin(Rad(lonB - lonA) / 2);
            var h = (sinLat * sinLat) + (Math.Cos(Rad(latA)) * Math.Cos(Rad(latB)) * sinLon * sinLon);
            return 12742.0 * Math.Asin(Math.Sqrt(Math.Min(h, 1.0)));
        })
        { Type = FilterValueType.Number, Strict = true };
    }

    /// <summary>Columns: numbers, booleans and JSON numbers; constants: their numeric reading.</summary>
    private static double? GeoNumber(EvalValue v)
    {
        if (v.IsConstant)
        {
            return FilterValueRules.ToNumber(v.Value);
        }

        return v.Type switch
        {
            FilterValueType.Number or FilterValueType.Bool or FilterValueType.Json => v.Value switch
            {
                double d => d,
                bool x => x ? 1 : 0,
                _ => null,
            },
            _ => null,
        };
    }

    private CallOperand StrftimeCall(IReadOnlyList<Operand> args, Scope scope)
    {
        if (args.Count == 0 || args[0] is not TextOperand format)
        {
            throw new FilterException("Invalid filter: strftime() needs a text format as its first argument.");
        }

        if (args.Count > 1 && args[1] is not (TextOperand or NumberOperand or IdentifierOperand))
        {
            throw new FilterException("Invalid filter: the strftime() time value must be text, a number or an identifier.");
        }

        if (args.Skip(2).Any(a => a is not TextOperand))
        {
            throw new FilterException("Invalid filter: strftime() modifiers must be text.");
        }

        CheckFormat(format.Value);
        var modifiers = args.Skip(2).Select(a => CheckModifier(((TextOperand)a).Value)).ToList();
        var time = args.Count > 1 ? Operand(args[1], scope) : new ConstOperand("now", FilterValueType.Text);
        if (time.List is not null)
        {
            throw new FilterException("Invalid filter: the strftime() time value must be a single value.");
        }

        return new CallOperand([time], vs =>
        {
            var v = vs[0];
            object? t = v.IsConstant ? v.Value : v.Type switch
            {
                FilterValueType.Date => Comparisons.TextOf(v),
                FilterValueType.Number or FilterValueType.Bool => v.Value is bool x ? (x ? 1d : 0d) : v.Value,
                _ => Comparisons.TextOf(v),
            };
            return Strftime.Format(format.Value, t, modifiers, _ctx.Now) ?? "";
        })
        { Type = FilterValueType.Text };
    }

    private static void CheckFormat(string format)
    {
        const string specifiers = "dfFHIjklmMpPRsSTuwYe%";
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%')
            {
                continue;
            }

            if (i + 1 >= format.Length || !specifiers.Contains(format[i + 1], StringComparison.Ordinal))
            {
                throw new FilterException("Invalid filter: unsupported strftime format.");
            }

            i++;
        }
    }

    private static string CheckModifier(string modifier) =>
        ModifierPattern().IsMatch(modifier)
            ? modifier
            : throw new FilterException($"Invalid filter: unsupported strftime modifier \"{modifier}\".");

    [GeneratedRegex(@"^(unixepoch|start of (day|month|year)|[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*(day|hour|minute|second|month|year)s?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ModifierPattern();

    [GeneratedRegex(@"^(\w+)_via_(\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ViaRegex();

    /// <summary>Registers a join once per key and returns it.</summary>
    private JoinDef Join(string key, int parent, Func<object?, IReadOnlyList<object?>> rows)
    {
        if (_joins.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var join = new JoinDef(Joins.Count, parent, rows);
        _joins[key] = join;
        Joins.Add(join);
        return join;
    }

    private static PlanOperand Const(object? value, FilterValueType type = FilterValueType.Any) => new ConstOperand(value, type);

    private static object? FromBodyJson(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<double>(out var d) => d,
        _ => node.ToJsonString(),
    };

    private static string Text(object? v) => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "";
}
