using System.Globalization;
using Microsoft.AspNetCore.Http;
using Strata.Core.Errors;
using Strata.Core.Records;

namespace Strata.Api.Http;

/// <summary>Parses the search parameters of list endpoints (contract §1.1).</summary>
public static class QueryParams
{
    private const int DefaultPerPage = 30;
    private const int MaxPerPage = 1000;
    private const int MaxFilterLength = 3500;

    /// <summary>Reads page, perPage, sort, filter, expand and skipTotal; bad values give 400.</summary>
    /// <param name="query">The query.</param>
    public static ListParams List(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Int(query, "page", 1);
        var perPage = Int(query, "perPage", DefaultPerPage);
        var filter = query["filter"].FirstOrDefault();
        if (filter is { Length: > MaxFilterLength })
        {
            throw StrataException.BadRequest("The filter expression is too long.");
        }

        return new ListParams
        {
            Page = page <= 0 ? 1 : page,
            PerPage = perPage <= 0 ? DefaultPerPage : Math.Min(perPage, MaxPerPage),
            Sort = query["sort"].FirstOrDefault(),
            Filter = filter,
            Expand = query["expand"].FirstOrDefault(),
            SkipTotal = Bool(query, "skipTotal"),
        };
    }

    /// <summary>A boolean parameter accepting 1/0/t/f/true/false in the usual cases; anything else gives 400.</summary>
    /// <param name="query">The query.</param>
    /// <param name="name">The parameter.</param>
    public static bool Bool(IQueryCollection query, string name)
    {
        ArgumentNullException.ThrowIfNull(query);
        var v = query[name].FirstOrDefault();
        return v switch
        {
            null or "" => false,
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw StrataException.BadRequest($"Invalid {name} value."),
        };
    }

    private static int Int(IQueryCollection query, string name, int fallback)
    {
        var v = query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(v))
        {
            return fallback;
        }

        if (!long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            throw StrataException.BadRequest($"Invalid {name} value.");
        }

        return (int)Math.Clamp(n, int.MinValue, int.MaxValue);
    }
}
