using Strata.Core.Errors;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;

namespace Strata.Core.Records;

/// <summary>
/// The typed records query of server code (hooks, routes, jobs, tests): a filter with <c>{:name}</c> placeholders
/// bound as parameters, sort, paging and expand — with a requester's rules applied, or bypassed explicitly.
/// <code>
/// var page = await engine.Records.Query("posts")
///     .Where("status = {:status} &amp;&amp; views &gt; {:min}", new() { ["status"] = "published", ["min"] = 10 })
///     .OrderBy("-published").Expand("author").Page(1, 50)
///     .ListAsync();                       // rules bypassed; .As(request) applies the requester's rules
/// </code>
/// </summary>
public sealed class RecordFinder
{
    private readonly RecordService _records;
    private readonly Collection _collection;
    private readonly List<(string Filter, IReadOnlyDictionary<string, object?>? Values)> _filters = [];
    private string? _sort;
    private string? _expand;
    private int _page = 1;
    private int _perPage = 30;
    private RequestInfo? _as;

    internal RecordFinder(RecordService records, Collection collection)
    {
        _records = records;
        _collection = collection;
    }

    /// <summary>ANDs a filter; <c>{:name}</c> placeholders take their values from <paramref name="values"/>.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="values">Placeholder values (string, number, bool, DateTime/DateTimeOffset, null).</param>
    public RecordFinder Where(string filter, Dictionary<string, object?>? values = null)
    {
        ArgumentNullException.ThrowIfNull(filter);
        _filters.Add((filter, values));
        return this;
    }

    /// <summary>Sorts, e.g. <c>-published,title</c>.</summary>
    /// <param name="sort">The sort.</param>
    public RecordFinder OrderBy(string sort)
    {
        _sort = sort;
        return this;
    }

    /// <summary>Expands relations, e.g. <c>author,comments_via_post</c>.</summary>
    /// <param name="expand">The paths.</param>
    public RecordFinder Expand(string expand)
    {
        _expand = expand;
        return this;
    }

    /// <summary>Selects a page (1-based; perPage 1..1000).</summary>
    /// <param name="page">The page.</param>
    /// <param name="perPage">The page size.</param>
    public RecordFinder Page(int page, int perPage)
    {
        _page = Math.Max(1, page);
        _perPage = Math.Clamp(perPage, 1, 1000);
        return this;
    }

    /// <summary>Applies this requester's list rule (and join rules) instead of bypassing them.</summary>
    /// <param name="request">The requester.</param>
    public RecordFinder As(RequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        _as = request;
        return this;
    }

    /// <summary>Runs the query.</summary>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<ListResult> ListAsync(CancellationToken cancellationToken = default)
    {
        var request = _as ?? RequestInfo.Server;
        var bypass = _as is null || _as.IsSuperuser;
        if (!bypass && _collection.ListRule is null)
        {
            throw StrataException.Forbidden("Only superusers can perform this action.");
        }

        var query = new RecordQuery(_records.Schema.Current, _records.Database.Dialect, _collection, request, _records.Now);
        try
        {
            if (!bypass && _collection.ListRule!.Trim().Length > 0)
            {
                query.Where(_collection.ListRule, ResolverOptions.Rule, "r");
            }

            for (var i = 0; i < _filters.Count; i++)
            {
                // Server code may use hidden fields; the requester's join rules still apply when acting as them.
                query.Where(_filters[i].Filter, bypass ? ResolverOptions.Superuser : ResolverOptions.Client with { AllowHidden = true },
                    "f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "_", _filters[i].Values);
            }

            if (!string.IsNullOrWhiteSpace(_sort))
            {
                query.OrderBy(_sort, ResolverOptions.Superuser);
            }
        }
        catch (FilterException e)
        {
            throw new StrataException(400, "Invalid filter or sort: " + e.Message, null);
        }

        return await _records.RunListAsync(query, _collection, request, _page, _perPage, false, _expand, cancellationToken);
    }

    /// <summary>The first matching record, or null.</summary>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Record?> FirstAsync(CancellationToken cancellationToken = default)
    {
        _page = 1;
        _perPage = 1;
        var result = await ListAsync(cancellationToken);
        return result.Items.Count > 0 ? result.Items[0] : null;
    }
}
