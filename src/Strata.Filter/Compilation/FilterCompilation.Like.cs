
namespace Strata.Filter.Compilation;

/// <summary><c>~</c> and <c>!~</c> (contract §3.4): LIKE with <c>ESCAPE '\'</c>, ASCII-case-insensitive.</summary>
internal sealed partial class FilterCompilation
{
    private string Like(Value left, Value right, bool negate)
    {
        if (left.IsConstant && left.Constant is null || right.IsConstant && right.Constant is null)
            return Bool(null);
        var value = left.IsConstant ? Param(Literals.ToText(left.Constant!)) : _d.ToText(left.Sql, left.Type);
        if (!right.IsConstant)
            return _d.Like(value, _d.Concat("'%'", _d.ToText(right.Sql, right.Type), "'%'"), negate);

        var text = Literals.ToText(right.Constant!);
        var pattern = FilterValueRules.LikePattern(text);
        if (FilterValueRules.EndsWithLoneEscape(pattern))
        {
            // SQLite matches nothing with a pattern ending in a lone escape; PostgreSQL would raise an error.
            return UnlessNull(negate, left.IsConstant ? [] : [$"({value} IS NULL)"]);
        }
        return _d.Like(value, Param(pattern), negate);
    }

}
