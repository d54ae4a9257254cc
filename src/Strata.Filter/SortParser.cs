using System.Globalization;
using Strata.Filter.Parsing;

namespace Strata.Filter;

/// <summary>Parses the <c>sort</c> query parameter (contract §3.9).</summary>
public static class SortParser
{
    /// <summary>The sort identifier for a random order.</summary>
    public const string Random = "@random";

    /// <summary>The sort identifier for insertion order.</summary>
    public const string RowId = "@rowid";

    /// <summary>
    /// Splits a comma-separated sort list. Each item is trimmed; a leading <c>-</c> means descending, a leading
    /// <c>+</c> or none ascending. Null, empty or whitespace gives an empty list.
    /// </summary>
    /// <param name="sort">The parameter value.</param>
    /// <returns>The items in order.</returns>
    /// <exception cref="FilterException">An item is empty, too long or not an identifier, or there are too many.</exception>
    public static IReadOnlyList<SortItem> Parse(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
            return [];
        var parts = sort.Split(',');
        if (parts.Length > FilterLimits.MaxSortItems)
        {
            throw new FilterException(string.Create(CultureInfo.InvariantCulture,
                $"Invalid sort: more than {FilterLimits.MaxSortItems} sort fields."));
        }
        var items = new List<SortItem>(parts.Length);
        foreach (var part in parts)
        {
            var item = part.Trim();
            if (item.Length > FilterLimits.MaxSortItemLength)
            {
                throw new FilterException(string.Create(CultureInfo.InvariantCulture,
                    $"Invalid sort: a sort field is longer than {FilterLimits.MaxSortItemLength} characters."));
            }
            var descending = item.StartsWith('-');
            var name = descending || item.StartsWith('+') ? item[1..] : item;
            if (name.Length == 0)
                throw new FilterException("Invalid sort: empty sort field.");
            if (!Lexer.IsValidIdentifier(name))
                throw new FilterException($"Invalid sort: \"{name}\" is not a valid sort field.");
            items.Add(new SortItem(name, descending));
        }
        return items;
    }
}
