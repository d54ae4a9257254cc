using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

/// <summary>Comparisons of typed columns with literals and with each other (contract §3.4).</summary>
internal sealed partial class FilterCompilation
{
    private enum Family
    {
        Text,
        Numeric,
        Date,
    }

    private static Family FamilyOf(FilterValueType type) => type switch
    {
        FilterValueType.Number or FilterValueType.Bool => Family.Numeric,
        FilterValueType.Date => Family.Date,
        _ => Family.Text,
    };

    private string TextView(Value v) => v.Type switch
    {
        FilterValueType.Text => v.Sql,
        FilterValueType.Date => _d.DateText(v.Sql),
        _ => _d.ToText(v.Sql, v.Type),
    };

    private string NumericView(Value v) => v.Type == FilterValueType.Bool ? _d.BoolAsNumber(v.Sql) : v.Sql;

    /// <summary>"Empty" per type: '' or NULL for text, NULL for numbers/booleans, no date for dates.</summary>
    private string EmptyTest(Value v) => FamilyOf(v.Type) switch
    {
        Family.Text => $"(COALESCE({TextView(v)}, '') = '')",
        Family.Date => $"({_d.DateValue(v.Sql)} IS NULL)",
        _ => $"({v.Sql} IS NULL)",
    };

    private string NullTest(Value v) => FamilyOf(v.Type) switch
    {
        Family.Text => $"({TextView(v)} IS NULL)",
        Family.Date => $"({_d.DateValue(v.Sql)} IS NULL)",
        _ => $"({v.Sql} IS NULL)",
    };

    private string ColumnVsConstant(Value column, ComparisonOperator op, object? constant)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        if (equality && IsEmpty(constant))
            return negate ? $"(NOT {EmptyTest(column)})" : EmptyTest(column);
        if (constant is null)
            return Bool(null);

        switch (FamilyOf(column.Type))
        {
            case Family.Text:
            {
                var x = TextView(column);
                var p = Param(Literals.ToText(constant));
                return equality ? Equality(x, p, negate) : $"({x} {Sign(op)} {_d.ByteOrder(p)})";
            }
            case Family.Date:
            {
                var text = Literals.ToText(constant);
                if (Literals.TryParseCanonicalDate(text) is { } instant)
                {
                    var x = _d.DateValue(column.Sql);
                    var p = Param(_d.DateParameter(instant, text));
                    return equality ? Equality(x, p, negate) : $"({x} {Sign(op)} {p})";
                }
                var t = _d.DateText(column.Sql);
                var q = Param(text);
                return equality ? Equality(t, q, negate) : $"({t} {Sign(op)} {_d.ByteOrder(q)})";
            }
            default:
                return NumericVsConstant(column, op, constant);
        }
    }

    private string NumericVsConstant(Value column, ComparisonOperator op, object constant)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var isBool = column.Type == FilterValueType.Bool;
        var number = constant is string s && isBool ? BoolText(s) ?? FilterValueRules.TryParseNumber(s) : FilterValueRules.ToNumber(constant);
        if (number is not { } n)
        {
            // Text that is not a number: SQLite orders every number before any text, so the result is fixed.
            return equality
                ? negate ? Bool(true) : UnlessNull(false, [$"({column.Sql} IS NULL)"])
                : UnlessNull(ClassOrder(1, op, 2), [$"({column.Sql} IS NULL)"]);
        }
        if (isBool && equality)
        {
            // Booleans compare natively against true/false; any other number can never be equal to 1/0.
            if (n is not (0 or 1))
                return negate ? Bool(true) : UnlessNull(false, [$"({column.Sql} IS NULL)"]);
            return Equality(column.Sql, Param(n == 1), negate);
        }
        var x = NumericView(column);
        var p = Param(n);
        return equality ? Equality(x, p, negate) : $"({x} {Sign(op)} {p})";
    }

    private static double? BoolText(string s) =>
        s.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1
        : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? 0
        : null;

    /// <summary><c>=</c> is plain; <c>!=</c> is null-safe so that NULL counts as different.</summary>
    private string Equality(string x, string p, bool negate) => negate ? _d.IsDistinct(x, p) : $"({x} = {p})";

    private string ColumnVsColumn(Value left, ComparisonOperator op, Value right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var fl = FamilyOf(left.Type);
        var fr = FamilyOf(right.Type);

        if (fl == Family.Date && fr == Family.Date)
        {
            var a = _d.DateValue(left.Sql);
            var b = _d.DateValue(right.Sql);
            return equality ? NullSafe(a, b, negate) : $"({a} {Sign(op)} {b})";
        }
        if (fl == Family.Numeric && fr == Family.Numeric)
        {
            var a = NumericView(left);
            var b = NumericView(right);
            return equality ? NullSafe(a, b, negate) : $"({a} {Sign(op)} {b})";
        }
        if (fl != Family.Numeric && fr != Family.Numeric)
        {
            var a = TextView(left);
            var b = TextView(right);
            return equality
                ? $"(COALESCE({a}, '') {(negate ? "<>" : "=")} COALESCE({b}, ''))"
                : $"({a} {Sign(op)} {_d.ByteOrder(b)})";
        }

        // A number against text: equal only when both are empty; otherwise numbers sort before text.
        if (equality)
        {
            var both = $"({EmptyTest(left)} AND {EmptyTest(right)})";
            return negate ? $"(NOT {both})" : both;
        }
        return UnlessNull(
            ClassOrder(fl == Family.Numeric ? 1 : 2, op, fr == Family.Numeric ? 1 : 2),
            [NullTest(left), NullTest(right)]);
    }

    private string NullSafe(string a, string b, bool negate) => negate ? _d.IsDistinct(a, b) : _d.IsNotDistinct(a, b);
}
