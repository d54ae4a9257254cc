using System.Text;
using Strata.Filter;

namespace Strata.Core.Records;

/// <summary>
/// <c>{:name}</c> placeholders in server-side filters. Each placeholder outside a quoted string becomes the identifier
/// <c>@param.name</c>, which the resolver binds from the caller's values as an SQL parameter — so values never enter
/// the filter text, unlike building the filter with string concatenation.
/// </summary>
public static class FilterPlaceholders
{
    /// <summary>The identifier prefix placeholders turn into.</summary>
    public const string Prefix = "@param.";

    /// <summary>Rewrites the placeholders of <paramref name="filter"/>.</summary>
    /// <param name="filter">A filter such as <c>status = {:status} &amp;&amp; views &gt; {:min}</c>.</param>
    /// <param name="values">The values by name; every placeholder must have one.</param>
    /// <exception cref="FilterException">A placeholder has no value or an invalid name.</exception>
    public static string Rewrite(string filter, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(values);
        var sb = new StringBuilder(filter.Length);
        char? quote = null;
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (quote is not null)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < filter.Length)
                {
                    sb.Append(filter[++i]);
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                sb.Append(c);
                continue;
            }

            if (c == '{' && i + 1 < filter.Length && filter[i + 1] == ':')
            {
                var end = filter.IndexOf('}', i + 2);
                var name = end < 0 ? "" : filter[(i + 2)..end];
                if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
                {
                    throw new FilterException($"Invalid placeholder at position {i}.");
                }

                if (!values.ContainsKey(name))
                {
                    throw new FilterException($"No value for the placeholder {{:{name}}}.");
                }

                sb.Append(Prefix).Append(name);
                i = end;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
