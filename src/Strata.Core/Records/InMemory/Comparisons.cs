using Strata.Filter;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Core.Records.InMemory;

/// <summary>
/// One comparison of two operand values in three-valued logic, with the semantics the filter compiler gives both
/// SQL dialects (contract §3.4): empty/NULL folding, typed literal casts, SQLite's ordering of storage classes,
/// strict JSON identity and LIKE.
/// </summary>
internal static class Comparisons
{
    private enum Family
    {
        Text,
        Numeric,
        Date,
    }

    public static bool? Condition(EvalValue left, ComparisonOperator op, EvalValue right)
    {
        if (op is ComparisonOperator.Like or ComparisonOperator.NotLike)
        {
            return Like(left, right, op == ComparisonOperator.NotLike);
        }

        if (left.IsConstant && right.IsConstant)
        {
            return Constants(left, op, right);
        }

        if (left.Strict || right.Strict)
        {
            return Strict(left, op, right);
        }

        if (left.IsConstant)
        {
            return Condition(right, Mirror(op), left);
        }

        return right.IsConstant ? ColumnVsConstant(left, op, right.Value) : ColumnVsColumn(left, op, right);
    }

    public static bool? And(bool? a, bool? b) => a == false || b == false ? false : a == true && b == true ? true : null;

    public static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;

    private static ComparisonOperator Mirror(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Greater => ComparisonOperator.Less,
        ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
        ComparisonOperator.Less => ComparisonOperator.Greater,
        ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
        _ => op,
    };

    private static bool IsEquality(ComparisonOperator op) => op is ComparisonOperator.Equal or ComparisonOperator.NotEqual;

    private static bool IsEmpty(object? value) => value is null or "";

    private static bool Order(int c, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Greater => c > 0,
        ComparisonOperator.GreaterOrEqual => c >= 0,
        ComparisonOperator.Less => c < 0,
        ComparisonOperator.LessOrEqual => c <= 0,
        ComparisonOperator.Equal => c == 0,
        _ => c != 0,
    };

    private static bool ClassOrder(int leftClass, ComparisonOperator op, int rightClass) => Order(leftClass.CompareTo(rightClass), op);

    /// <summary>A plain SQL comparison: NULL when either side is NULL.</summary>
    private static bool? Plain(object? a, object? b, ComparisonOperator op)
    {
        if (a is null || b is null)
        {
            return null;
        }

        return Order(Compare(a, b), op);
    }

    private static int Compare(object a, object b) => a is string sa && b is string sb
        ? FilterValueRules.CompareBytes(sa, sb)
        : ((double)a).CompareTo((double)b);

    /// <summary><c>=</c> is plain; <c>!=</c> is null-safe so that NULL counts as different.</summary>
    private static bool? Equality(object? a, object? b, bool negate)
    {
        if (!negate)
        {
            return Plain(a, b, ComparisonOperator.Equal);
        }

        return !NullSafeEqual(a, b);
    }

    private static bool NullSafeEqual(object? a, object? b) =>
        a is null || b is null ? a is null && b is null : Compare(a, b) == 0;

    private static bool? NullSafe(object? a, object? b, bool negate) => negate ? !NullSafeEqual(a, b) : NullSafeEqual(a, b);

    private static bool? UnlessNull(bool result, bool anyNull) => anyNull ? null : result;

    private static Family FamilyOf(FilterValueType type) => type switch
    {
        FilterValueType.Number or FilterValueType.Bool => Family.Numeric,
        FilterValueType.Date => Family.Date,
        _ => Family.Text,
    };

    /// <summary>The text form of a value (SQLite CAST AS TEXT; dates with '' as NULL).</summary>
    public static string? TextOf(EvalValue v) => v.Value switch
    {
        null => null,
        string s when v.Type == FilterValueType.Date => s.Length == 0 ? null : s,
        string s => s,
        double d => SqlValues.Number(d),
        bool b => b ? "1" : "0",
        _ => null,
    };

    private static double? NumericOf(EvalValue v) => v.Value switch
    {
        double d => d,
        bool b => b ? 1 : 0,
        _ => null,
    };

    private static string? DateOf(EvalValue v) => v.Value is string { Length: > 0 } s ? s : null;

    private static bool EmptyTest(EvalValue v) => FamilyOf(v.Type) switch
    {
        Family.Text => string.IsNullOrEmpty(TextOf(v)),
        Family.Date => DateOf(v) is null,
        _ => v.Value is null,
    };

    private static bool NullTest(EvalValue v) => FamilyOf(v.Type) switch
    {
        Family.Text => TextOf(v) is null,
        Family.Date => DateOf(v) is null,
        _ => v.Value is null,
    };

    private static bool? Constants(EvalValue left, ComparisonOperator op, EvalValue right)
    {
        var a = left.Value;
        var b = right.Value;
        if (IsEquality(op))
        {
            bool equal;
            if (!left.Strict && !right.Strict && (IsEmpty(a) || IsEmpty(b)))
            {
                equal = IsEmpty(a) && IsEmpty(b);
            }
            else if (a is null || b is null)
            {
                equal = a is null && b is null;
            }
            else
            {
                equal = ClassCompare(a, b) == 0;
            }

            return op == ComparisonOperator.Equal ? equal : !equal;
        }

        if (a is null || b is null)
        {
            return null;
        }

        return Order(ClassCompare(a, b), op);
    }

    private static int ClassCompare(object a, object b)
    {
        var ca = a is string ? 2 : 1;
        var cb = b is string ? 2 : 1;
        if (ca != cb)
        {
            return ca.CompareTo(cb);
        }

        return ca == 1
            ? FilterValueRules.ToNumber(a)!.Value.CompareTo(FilterValueRules.ToNumber(b)!.Value)
            : FilterValueRules.CompareBytes((string)a, (string)b);
    }

    private static bool? ColumnVsConstant(EvalValue column, ComparisonOperator op, object? constant)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        if (equality && IsEmpty(constant))
        {
            return negate ? !EmptyTest(column) : EmptyTest(column);
        }

        if (constant is null)
        {
            return null;
        }

        switch (FamilyOf(column.Type))
        {
            case Family.Text:
            {
                var x = TextOf(column);
                var p = SqlValues.Literal(constant);
                return equality ? Equality(x, p, negate) : Plain(x, p, op);
            }

            case Family.Date:
            {
                // Canonical dates compare natively (PostgreSQL timestamptz), which orders like their canonical text.
                var x = DateOf(column);
                var p = SqlValues.Literal(constant);
                return equality ? Equality(x, p, negate) : Plain(x, p, op);
            }

            default:
                return NumericVsConstant(column, op, constant);
        }
    }

    private static bool? NumericVsConstant(EvalValue column, ComparisonOperator op, object constant)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var isBool = column.Type == FilterValueType.Bool;
        var number = constant is string s && isBool ? BoolText(s) ?? FilterValueRules.TryParseNumber(s) : FilterValueRules.ToNumber(constant);
        var isNull = column.Value is null;
        if (number is not { } n)
        {
            return equality
                ? negate ? true : UnlessNull(false, isNull)
                : UnlessNull(ClassOrder(1, op, 2), isNull);
        }

        if (isBool && equality)
        {
            if (n is not (0 or 1))
            {
                return negate ? true : UnlessNull(false, isNull);
            }

            return Equality(NumericOf(column), n, negate);
        }

        var x = NumericOf(column);
        return equality ? Equality(x, n, negate) : Plain(x, n, op);
    }

    private static double? BoolText(string s) =>
        s.Equals("true", StringComparison.OrdinalIgnoreCase) ? 1
        : s.Equals("false", StringComparison.OrdinalIgnoreCase) ? 0
        : null;

    private static bool? ColumnVsColumn(EvalValue left, ComparisonOperator op, EvalValue right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var fl = FamilyOf(left.Type);
        var fr = FamilyOf(right.Type);
        if (fl == Family.Date && fr == Family.Date)
        {
            var a = DateOf(left);
            var b = DateOf(right);
            return equality ? NullSafe(a, b, negate) : Plain(a, b, op);
        }

        if (fl == Family.Numeric && fr == Family.Numeric)
        {
            var a = NumericOf(left);
            var b = NumericOf(right);
            return equality ? NullSafe(a, b, negate) : Plain(a, b, op);
        }

        if (fl != Family.Numeric && fr != Family.Numeric)
        {
            var a = TextOf(left);
            var b = TextOf(right);
            return equality ? Order(FilterValueRules.CompareBytes(a ?? "", b ?? ""), op) : Plain(a, b, op);
        }

        if (equality)
        {
            var both = EmptyTest(left) && EmptyTest(right);
            return negate ? !both : both;
        }

        return UnlessNull(
            ClassOrder(fl == Family.Numeric ? 1 : 2, op, fr == Family.Numeric ? 1 : 2),
            NullTest(left) || NullTest(right));
    }

    /// <summary>The SQLite storage class (null, 1 number, 2 text) and value of an operand in a strict comparison.</summary>
    private static (int? Class, object? Value) Triple(EvalValue v)
    {
        if (v.IsConstant)
        {
            return v.Value switch
            {
                null => (null, null),
                string s => (2, s),
                var other => (1, FilterValueRules.ToNumber(other)),
            };
        }

        if (v.Type == FilterValueType.Json)
        {
            return v.Value switch
            {
                null => (null, null),
                string s => (2, s),
                var other => (1, FilterValueRules.ToNumber(other)),
            };
        }

        if (FamilyOf(v.Type) == Family.Numeric)
        {
            var n = NumericOf(v);
            return n is null ? (null, null) : (1, n);
        }

        var t = TextOf(v);
        return t is null ? (null, null) : (2, t);
    }

    private static bool? Strict(EvalValue left, ComparisonOperator op, EvalValue right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        if ((left.IsConstant && left.Value is null) || (right.IsConstant && right.Value is null))
        {
            if (!equality)
            {
                return null;
            }

            var other = left.IsConstant && left.Value is null ? right : left;
            var isNull = other.Type == FilterValueType.Json ? other.Value is null : NullTest(other);
            return negate ? !isNull : isNull;
        }

        var (cl, vl) = Triple(left);
        var (cr, vr) = Triple(right);
        var hasJsonColumn = (!left.IsConstant && left.Type == FilterValueType.Json) || (!right.IsConstant && right.Type == FilterValueType.Json);
        if (!hasJsonColumn)
        {
            return StaticStrict(left, op, right);
        }

        if (equality)
        {
            bool eq;
            if (cl is null || cr is null)
            {
                // A constant is never NULL here; a NULL column is identical only to another NULL column.
                eq = !left.IsConstant && !right.IsConstant && cl is null && cr is null;
            }
            else
            {
                eq = cl == cr && Compare(vl!, vr!) == 0;
            }

            return negate ? !eq : eq;
        }

        if (cl is null || cr is null)
        {
            return null;
        }

        return cl != cr ? ClassOrder(cl.Value, op, cr.Value) : Order(Compare(vl!, vr!), op);
    }

    private static int StaticClass(EvalValue v) =>
        v.IsConstant ? (v.Value is string ? 2 : 1) : FamilyOf(v.Type) == Family.Numeric ? 1 : 2;

    private static object? StaticView(EvalValue v, int cls)
    {
        if (v.IsConstant)
        {
            return cls == 2 ? v.Value : FilterValueRules.ToNumber(v.Value);
        }

        return cls == 1 ? NumericOf(v) : TextOf(v);
    }

    private static bool? StaticStrict(EvalValue left, ComparisonOperator op, EvalValue right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var cl = StaticClass(left);
        var cr = StaticClass(right);
        if (cl == cr)
        {
            var a = StaticView(left, cl);
            var b = StaticView(right, cr);
            return equality ? NullSafe(a, b, negate) : Plain(a, b, op);
        }

        var anyNull = (!left.IsConstant && NullTest(left)) || (!right.IsConstant && NullTest(right));
        if (equality)
        {
            var bothNull = !left.IsConstant && !right.IsConstant && NullTest(left) && NullTest(right);
            return negate ? !bothNull : bothNull;
        }

        return UnlessNull(ClassOrder(cl, op, cr), anyNull);
    }

    private static bool? Like(EvalValue left, EvalValue right, bool negate)
    {
        if ((left.IsConstant && left.Value is null) || (right.IsConstant && right.Value is null))
        {
            return null;
        }

        var value = left.IsConstant ? SqlValues.Literal(left.Value!) : TextOf(left);
        string? pattern;
        if (!right.IsConstant)
        {
            var r = TextOf(right);
            pattern = r is null ? null : "%" + r + "%";
        }
        else
        {
            var text = SqlValues.Literal(right.Value!);
            pattern = FilterValueRules.LikePattern(text);
            if (FilterValueRules.EndsWithLoneEscape(pattern))
            {
                return UnlessNull(negate, value is null);
            }
        }

        if (value is null || pattern is null)
        {
            return null;
        }

        var match = LikeMatcher.Matches(value, pattern);
        return negate ? !match : match;
    }

}
