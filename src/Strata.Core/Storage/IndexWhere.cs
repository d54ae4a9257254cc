using System.Text;

namespace Strata.Core.Storage;

/// <summary>
/// The WHERE clause of a partial index as written in the contract's SQLite form (<c>`email` != ''</c>), made portable:
/// backtick-quoted identifiers become standard double-quoted ones, which both engines accept.
/// </summary>
public static class IndexWhere
{
    /// <summary>Rewrites backtick quoting outside string literals.</summary>
    /// <param name="where">The clause.</param>
    public static string Portable(string where)
    {
        ArgumentNullException.ThrowIfNull(where);
        var sb = new StringBuilder(where.Length);
        var inString = false;
        foreach (var c in where)
        {
            if (c == '\'')
            {
                inString = !inString;
            }

            sb.Append(!inString && c == '`' ? '"' : c);
        }

        return sb.ToString();
    }
}
