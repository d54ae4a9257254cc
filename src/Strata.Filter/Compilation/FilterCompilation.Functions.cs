using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

/// <summary>The functions of contract §3.7: <c>geoDistance</c> and <c>strftime</c>.</summary>
internal sealed partial class FilterCompilation
{
    private Value Function(FunctionOperand f)
    {
        var args = f.Arguments.IsDefault ? [] : f.Arguments;
        return f.Name switch
        {
            "geoDistance" => GeoDistance(args),
            "strftime" => Strftime(args),
            _ => throw new FilterException($"Invalid filter: unknown function \"{f.Name}\"."),
        };
    }

    private Value GeoDistance(IReadOnlyList<Operand> args)
    {
        if (args.Count != 4)
            throw new FilterException("Invalid filter: geoDistance() takes 4 arguments (lonA, latA, lonB, latB).");
        var values = new List<Value>(4);
        foreach (var arg in args)
        {
            if (arg is not (NumberOperand or IdentifierOperand))
                throw new FilterException("Invalid filter: geoDistance() arguments must be numbers or identifiers.");
            var v = Operand(arg);
            if (v.List is not null)
                throw new FilterException("Invalid filter: geoDistance() arguments must be single values.");
            values.Add(v);
        }
        return Call(values, FilterValueType.Number, strict: true,
            sql => _d.GeoDistance(sql[0], sql[1], sql[2], sql[3]), GeoArgument);
    }

    private string GeoArgument(Value v)
    {
        if (!v.IsConstant)
            return _d.ToNumber(v.Sql, v.Type);
        return FilterValueRules.ToNumber(v.Constant) is { } n ? Param(n) : "CAST(NULL AS double precision)";
    }

    private Value Strftime(IReadOnlyList<Operand> args)
    {
        if (args.Count == 0 || args[0] is not TextOperand format)
            throw new FilterException("Invalid filter: strftime() needs a text format as its first argument.");
        if (args.Count > 1 && args[1] is not (TextOperand or NumberOperand or IdentifierOperand))
            throw new FilterException("Invalid filter: the strftime() time value must be text, a number or an identifier.");
        if (args.Skip(2).Any(a => a is not TextOperand))
            throw new FilterException("Invalid filter: strftime() modifiers must be text.");

        StrftimeSupport.CheckFormat(format.Value);
        var fmt = Param(Literals.CheckText(format.Value));
        var modifiers = args.Skip(2)
            .Select(a => Param(StrftimeSupport.CheckModifier(Literals.CheckText(((TextOperand)a).Value))))
            .ToList();
        var time = args.Count > 1 ? Operand(args[1]) : Value.Const("now", FilterValueType.Text);
        if (time.List is not null)
            throw new FilterException("Invalid filter: the strftime() time value must be a single value.");
        // 'now' is the query's clock, like the macros, not each engine's own clock (which tests cannot pin).
        if (time is { IsConstant: true, Constant: string t } && t.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
            time = Value.Const(Literals.FormatDate(now.UtcDateTime), FilterValueType.Text);
        // SQLite's strftime gives NULL for invalid input; the contract treats that as ''.
        return Call([time], FilterValueType.Text, strict: false,
            sql => $"COALESCE({_d.Strftime(fmt, sql[0], modifiers)}, '')", StrftimeTime);
    }

    private string StrftimeTime(Value v)
    {
        if (!v.IsConstant)
            return _d.StrftimeTime(v.Sql, v.Type);
        return v.Constant switch
        {
            null => "NULL",
            string s => Param(s),
            var other => Param(_d.StrftimeNumber(FilterValueRules.ToNumber(other)!.Value)),
        };
    }

    /// <summary>
    /// Builds a function value from its arguments. Multi-valued arguments make the result multi-valued, with its
    /// own match-all enumeration built from theirs.
    /// </summary>
    private Value Call(IReadOnlyList<Value> args, FilterValueType type, bool strict,
        Func<IReadOnlyList<string>, string> build, Func<Value, string> argument)
    {
        var sql = build(args.Select(argument).ToList());
        var multi = args.Where(a => !a.IsConstant && a.IsMultiValued).ToList();
        var result = Value.Column(sql, type, strict);
        if (multi.Count == 0)
            return result;
        if (multi.Any(a => a.MultiMatch is null))
            return result with { IsMultiValued = true };
        var from = string.Join(" CROSS JOIN ", multi.Select(a => a.MultiMatch!.From));
        var eachSql = build(args.Select(a => argument(a.NeedsMatchAll ? a.AsMultiMatchValue() : a)).ToList());
        return result with { IsMultiValued = true, MultiMatch = new MultiMatchSource(from, eachSql) };
    }
}
