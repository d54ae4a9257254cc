using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Filter.Compilation;

/// <summary>
/// Strict comparisons: JSON values and geoDistance results compare by null-safe identity with no empty/NULL
/// folding and no type conversion (SQLite <c>IS</c> / <c>IS NOT</c> on values without affinity).
/// </summary>
internal sealed partial class FilterCompilation
{
    private string Strict(Value left, ComparisonOperator op, Value right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;

        if (left.IsConstant && left.Constant is null || right.IsConstant && right.Constant is null)
        {
            if (!equality)
                return Bool(null);
            var isNull = StrictIsNull(left.IsConstant ? right : left);
            return negate ? $"(NOT {isNull})" : isNull;
        }

        var hasJsonColumn = !left.IsConstant && left.Type == FilterValueType.Json
            || !right.IsConstant && right.Type == FilterValueType.Json;
        if (!hasJsonColumn)
            return StaticStrict(left, op, right);

        if (_d.ComparesDynamicTypes)
        {
            var a = NativeView(left);
            var b = NativeView(right);
            return equality ? NullSafe(a, b, negate) : $"({a} {Sign(op)} {b})";
        }
        return EmulatedStrict(left, op, right);
    }

    private string StrictIsNull(Value v) => v.Type == FilterValueType.Json ? _d.JsonIsNull(v.Sql) : NullTest(v);

    /// <summary>Neither side is a JSON column, so each side's storage class is known when compiling.</summary>
    private string StaticStrict(Value left, ComparisonOperator op, Value right)
    {
        var equality = IsEquality(op);
        var negate = op == ComparisonOperator.NotEqual;
        var cl = StaticClass(left);
        var cr = StaticClass(right);
        if (cl == cr)
        {
            var a = StaticView(left, cl);
            var b = StaticView(right, cr);
            if (equality)
                return NullSafe(a, b, negate);
            return cl == 2 ? $"({a} {Sign(op)} {_d.ByteOrder(b)})" : $"({a} {Sign(op)} {b})";
        }
        var nullTests = new List<string>();
        if (!left.IsConstant)
            nullTests.Add(NullTest(left));
        if (!right.IsConstant)
            nullTests.Add(NullTest(right));
        if (equality)
        {
            // Different classes are never identical; two NULLs are.
            var bothNull = left.IsConstant || right.IsConstant ? Bool(false) : $"({string.Join(" AND ", nullTests)})";
            return negate ? $"(NOT {bothNull})" : bothNull;
        }
        return UnlessNull(ClassOrder(cl, op, cr), nullTests);
    }

    private static int StaticClass(Value v) =>
        v.IsConstant ? (v.Constant is string ? 2 : 1) : FamilyOf(v.Type) == Family.Numeric ? 1 : 2;

    private string StaticView(Value v, int cls)
    {
        if (v.IsConstant)
            return cls == 2 ? Param((string)v.Constant!) : Param(FilterValueRules.ToNumber(v.Constant)!.Value);
        return cls == 1 ? NumericView(v) : TextView(v);
    }

    /// <summary>SQLite: values as they are, with column affinity removed so no implicit conversion happens.</summary>
    private string NativeView(Value v)
    {
        if (v.IsConstant)
            return v.Constant is string s ? Param(s) : Param(FilterValueRules.ToNumber(v.Constant)!.Value);
        return v.Type switch
        {
            FilterValueType.Json => v.Sql,
            FilterValueType.Date => _d.DateText(v.Sql),
            _ => _d.WithoutAffinity(FamilyOf(v.Type) == Family.Numeric ? NumericView(v) : TextView(v)),
        };
    }

    /// <summary>
    /// Engines without dynamic typing: each side becomes (storage class, number, text) and the comparison follows
    /// SQLite's rules: NULL is unknown, numbers sort before text, same classes compare by value.
    /// </summary>
    private string EmulatedStrict(Value left, ComparisonOperator op, Value right)
    {
        if (left.IsConstant || right.IsConstant)
        {
            return left.IsConstant
                ? EmulatedStrictConstant(right, Mirror(op), left.Constant!)
                : EmulatedStrictConstant(left, op, right.Constant!);
        }
        var (cl, nl, tl) = Triple(left);
        var (cr, nr, tr) = Triple(right);
        if (IsEquality(op))
        {
            var eq = $"(CASE WHEN {cl} IS NULL OR {cr} IS NULL THEN ({cl} IS NULL AND {cr} IS NULL) " +
                $"WHEN {cl} <> {cr} THEN {Bool(false)} WHEN {cl} = 1 THEN COALESCE({nl} = {nr}, {Bool(false)}) " +
                $"ELSE COALESCE({tl} = {tr}, {Bool(false)}) END)";
            return op == ComparisonOperator.NotEqual ? $"(NOT {eq})" : eq;
        }
        var sign = Sign(op);
        return $"(CASE WHEN {cl} IS NULL OR {cr} IS NULL THEN {Bool(null)} WHEN {cl} <> {cr} THEN {cl} {sign} {cr} " +
            $"WHEN {cl} = 1 THEN {nl} {sign} {nr} ELSE {tl} {sign} {_d.ByteOrder(tr)} END)";
    }

    /// <summary>The constant's class is known, so only the matching view of the column is compared.</summary>
    private string EmulatedStrictConstant(Value column, ComparisonOperator op, object constant)
    {
        var (cls, number, text) = Triple(column);
        var constantClass = constant is string ? 2 : 1;
        var p = constantClass == 2 ? Param((string)constant) : Param(FilterValueRules.ToNumber(constant)!.Value);
        var view = constantClass == 1 ? number : text;
        if (IsEquality(op))
        {
            // The view is NULL unless the column holds a value of the constant's class.
            var eq = $"COALESCE({view} = {p}, {Bool(false)})";
            return op == ComparisonOperator.NotEqual ? $"(NOT {eq})" : $"({eq})";
        }
        var otherClass = 3 - constantClass;
        var same = constantClass == 2 ? $"{view} {Sign(op)} {_d.ByteOrder(p)}" : $"{view} {Sign(op)} {p}";
        return $"(CASE {cls} WHEN {constantClass} THEN {same} WHEN {otherClass} THEN {Bool(ClassOrder(otherClass, op, constantClass))} END)";
    }

    private (string Class, string Number, string Text) Triple(Value v)
    {
        const string noNumber = "CAST(NULL AS double precision)";
        const string noText = "CAST(NULL AS text)";
        if (v.IsConstant)
        {
            return v.Constant is string s
                ? ("2", noNumber, Param(s))
                : ("1", Param(FilterValueRules.ToNumber(v.Constant)!.Value), noText);
        }
        if (v.Type == FilterValueType.Json)
            return (_d.JsonClass(v.Sql), _d.JsonNumber(v.Sql), _d.JsonText(v.Sql));
        if (FamilyOf(v.Type) == Family.Numeric)
        {
            var n = NumericView(v);
            return ($"(CASE WHEN {n} IS NULL THEN NULL ELSE 1 END)", n, noText);
        }
        var t = TextView(v);
        return ($"(CASE WHEN {t} IS NULL THEN NULL ELSE 2 END)", noNumber, t);
    }
}
