using System.Text;

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
        var pattern = HasUnescapedPercent(text) ? text : "%" + EscapeLike(text) + "%";
        if (EndsWithLoneEscape(pattern))
        {
            // SQLite matches nothing with a pattern ending in a lone escape; PostgreSQL would raise an error.
            return UnlessNull(negate, left.IsConstant ? [] : [$"({value} IS NULL)"]);
        }
        return _d.Like(value, Param(pattern), negate);
    }

    internal static bool HasUnescapedPercent(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && (i == 0 || s[i - 1] != '\\'))
                return true;
        }
        return false;
    }

    /// <summary>
    /// Escapes every unescaped <c>\</c>, <c>%</c> and <c>_</c> with a backslash. A backslash already followed by one
    /// of the three is an escape the user wrote and is kept as it is.
    /// </summary>
    internal static string EscapeLike(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '\\' && i + 1 < s.Length && s[i + 1] is '\\' or '%' or '_')
            {
                sb.Append(c).Append(s[i + 1]);
                i++;
            }
            else
            {
                if (c is '\\' or '%' or '_')
                    sb.Append('\\');
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static bool EndsWithLoneEscape(string pattern)
    {
        var run = 0;
        for (var i = pattern.Length - 1; i >= 0 && pattern[i] == '\\'; i--)
            run++;
        return run % 2 == 1;
    }
}
