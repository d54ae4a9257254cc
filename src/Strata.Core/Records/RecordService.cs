using System.Data.Common;
using System.Runtime.CompilerServices;
using Strata.Core.Errors;
using Strata.Core.Files;
using Strata.Core.Hooks;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;

namespace Strata.Core.Records;

/// <summary>
/// Reads and writes records with the collection's API rules applied (or bypassed for superusers and for
/// server code that asks for it), one parameterised statement per step.
/// </summary>
public sealed partial class RecordService
{
    private readonly IDatabase _db;
    private readonly SchemaManager _schema;
    private readonly TimeProvider _clock;
    private readonly RecordHooks _hooks;
    private readonly ConditionalWeakTable<DbTransaction, List<RecordChange>> _pending = [];
    private readonly ConditionalWeakTable<DbTransaction, List<(IBlobStore Store, string Key)>> _written = [];

    /// <summary>Creates the service.</summary>
    /// <param name="db">The database.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="hooks">The record hooks (a new, empty set when null).</param>
    public RecordService(IDatabase db, SchemaManager schema, TimeProvider clock, RecordHooks? hooks = null)
    {
        _db = db;
        _schema = schema;
        _clock = clock;
        _hooks = hooks ?? new RecordHooks();
    }

    /// <summary>The record hooks.</summary>
    public RecordHooks Hooks => _hooks;

    /// <summary>Record files (set by the engine); without it uploads are refused.</summary>
    public FileService? Files { get; set; }

    /// <summary>Told about failures of committed-change listeners (the host logs them).</summary>
    public Action<Exception>? ListenerError { get; set; }

    /// <summary>
    /// Runs record writes in one transaction, then delivers their changes to the committed-change listeners. Use it
    /// (not the raw database) for every unit of work that writes records, so listeners see exactly what committed.
    /// </summary>
    /// <typeparam name="T">The result.</typeparam>
    /// <param name="work">The unit of work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<T> TransactionAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var changes = new List<RecordChange>();
        var written = new List<(IBlobStore Store, string Key)>();
        T result;
        try
        {
            result = await _db.WriteAsync(async tx =>
            {
                _pending.AddOrUpdate(tx, changes);
                _written.AddOrUpdate(tx, written);
                try
                {
                    return await work(tx);
                }
                finally
                {
                    _pending.Remove(tx);
                    _written.Remove(tx);
                }
            }, cancellationToken);
        }
        catch when (written.Count > 0 && Files is not null)
        {
            // The transaction rolled back: files stored for it would be orphans.
            await Files.DiscardAsync(written);
            throw;
        }

        if (changes.Count > 0)
        {
            await _hooks.PublishAsync(changes, e => ListenerError?.Invoke(e), CancellationToken.None);
        }

        return result;
    }

    private void Track(DbTransaction tx, RecordChange change)
    {
        if (_pending.TryGetValue(tx, out var list))
        {
            list.Add(change);
        }
    }

    /// <summary>The database.</summary>
    public IDatabase Database => _db;

    /// <summary>Finds a collection or throws 404 "Missing collection context.".</summary>
    /// <param name="idOrName">The collection id or name.</param>
    public Collection Collection(string idOrName) =>
        _schema.Current.Find(idOrName) ?? throw StrataException.NotFound("Missing collection context.");

    /// <summary>Lists records (contract §1.1).</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="request">The request.</param>
    /// <param name="p">The search parameters.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<ListResult> ListAsync(Collection collection, RequestInfo request, ListParams p, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(p);
        var superuser = request.IsSuperuser;
        if (!superuser)
        {
            if (collection.ListRule is null)
            {
                throw StrataException.Forbidden("Only superusers can perform this action.");
            }

            CheckClientExpression(p.Filter);
            CheckClientExpression(p.Sort);
        }

        var query = NewQuery(collection, request);
        try
        {
            if (!superuser && collection.ListRule!.Trim().Length > 0)
            {
                query.Where(collection.ListRule, ResolverOptions.Rule, "r");
            }

            if (!string.IsNullOrWhiteSpace(p.Filter))
            {
                query.Where(p.Filter, superuser ? ResolverOptions.Superuser : ResolverOptions.Client, "f");
            }

            if (!string.IsNullOrWhiteSpace(p.Sort))
            {
                query.OrderBy(p.Sort, superuser ? ResolverOptions.Superuser : ResolverOptions.Client);
            }
        }
        catch (FilterException e)
        {
            throw RecordQuery.InvalidFilter(e);
        }

        return await RunListAsync(query, collection, request, p.Page, p.PerPage, p.SkipTotal, p.Expand, cancellationToken);
    }

    /// <summary>Starts a typed query over a collection for server code (rules bypassed unless <c>As</c> is used).</summary>
    /// <param name="collection">The collection name or id.</param>
    public RecordFinder Query(string collection) => new(this, Collection(collection));

    /// <summary>The schema.</summary>
    internal SchemaManager Schema => _schema;

    /// <summary>The current time of the service's clock.</summary>
    internal DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Runs a built query: the count (unless skipped), one page, and the expands.</summary>
    internal async Task<ListResult> RunListAsync(RecordQuery query, Collection collection, RequestInfo request, int page, int perPage, bool skipTotal, string? expand, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        long total = -1;
        if (!skipTotal)
        {
            await using var count = SqlText.Command(conn, query.CountSql(), query.Parameters);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        await using var select = SqlText.Command(conn, query.SelectSql(perPage, ((long)page - 1) * perPage), query.Parameters);
        var items = await ReadAsync(select, collection, cancellationToken);
        if (!string.IsNullOrWhiteSpace(expand))
        {
            await ExpandAsync(conn, null, items, expand, request, cancellationToken);
        }

        var pages = skipTotal ? -1 : (long)Math.Ceiling(total / (double)perPage);
        return new ListResult(page, perPage, total, pages, items);
    }

    /// <summary>Views one record (contract §1.2): 403 for a null rule, 404 when missing or the rule fails.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="request">The request.</param>
    /// <param name="expand">Expand paths, or null.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Record> ViewAsync(Collection collection, string id, RequestInfo request, string? expand = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsSuperuser && collection.ViewRule is null)
        {
            throw StrataException.Forbidden("Only superusers can perform this action.");
        }

        await using var conn = await _db.OpenReadAsync(cancellationToken);
        var record = await FindWithRuleAsync(conn, null, collection, id, request.IsSuperuser ? null : collection.ViewRule, request, cancellationToken)
            ?? throw StrataException.NotFound();
        if (!string.IsNullOrWhiteSpace(expand))
        {
            await ExpandAsync(conn, null, [record], expand, request, cancellationToken);
        }

        return record;
    }

    /// <summary>Finds a record by id with no rule applied, or null.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Record?> FindAsync(Collection collection, string id, CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        return await FindWithRuleAsync(conn, null, collection, id, null, RequestInfo.Guest, cancellationToken);
    }

    /// <summary>Finds the first record matching a filter with no rule applied (server-side use), or null.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="filter">A filter; values should come from <paramref name="request"/> (e.g. <c>@request.query.x</c>).</param>
    /// <param name="request">The request context for the filter.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<Record?> FindFirstAsync(Collection collection, string filter, RequestInfo request, CancellationToken cancellationToken = default)
    {
        var query = NewQuery(collection, request).Where(filter, ResolverOptions.Superuser, "f");
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, query.SelectSql(1), query.Parameters);
        var items = await ReadAsync(cmd, collection, cancellationToken);
        return items.Count > 0 ? items[0] : null;
    }

    /// <summary>True when a record with this id exists (no rule applied), inside a transaction.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<bool> ExistsAsync(DbTransaction tx, Collection collection, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return await FindWithRuleAsync(tx.Connection!, tx, collection, id, null, RequestInfo.Guest, cancellationToken) is not null;
    }

    /// <summary>True when <paramref name="rule"/> holds for the record <paramref name="id"/> and the request.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="rule">The rule (a filter expression).</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<bool> RuleHoldsAsync(Collection collection, string id, string rule, RequestInfo request, CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        return await FindWithRuleAsync(conn, null, collection, id, rule, request, cancellationToken) is not null;
    }

    /// <summary>
    /// True when the stored record <paramref name="id"/> matches <paramref name="expression"/> resolved with
    /// <paramref name="options"/> (a client filter uses <see cref="ResolverOptions.Client"/>); false when it does not,
    /// is missing, or the expression is invalid.
    /// </summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="expression">The rule or filter.</param>
    /// <param name="options">What the expression may use.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<bool> MatchesAsync(Collection collection, string id, string expression, ResolverOptions options, RequestInfo request, CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        return await FindWithRuleAsync(conn, null, collection, id, expression, request, cancellationToken, options) is not null;
    }

    /// <summary>Every record of a collection, no rule applied (realtime rule checks on deleted records).</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    internal async Task<List<Record>> AllAsync(Collection collection, CancellationToken cancellationToken = default)
    {
        var query = NewQuery(collection, RequestInfo.Guest);
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, query.SelectSql(null), query.Parameters);
        return await ReadAsync(cmd, collection, cancellationToken);
    }

    private async Task<Record?> FindWithRuleAsync(DbConnection conn, DbTransaction? tx, Collection collection, string id, string? rule, RequestInfo request, CancellationToken cancellationToken, ResolverOptions? options = null)
    {
        var query = NewQuery(collection, request).WhereId(id);
        if (!string.IsNullOrWhiteSpace(rule))
        {
            try
            {
                query.Where(rule, options ?? ResolverOptions.Rule, "r");
            }
            catch (FilterException)
            {
                // A rule that cannot be built denies access (404), like the reference server.
                return null;
            }
        }

        await using var cmd = SqlText.Command(conn, query.SelectSql(1), query.Parameters, tx);
        var items = await ReadAsync(cmd, collection, cancellationToken);
        return items.Count > 0 ? items[0] : null;
    }

    private RecordQuery NewQuery(Collection collection, RequestInfo request) =>
        new(_schema.Current, _db.Dialect, collection, request, _clock.GetUtcNow());

    private async Task<List<Record>> ReadAsync(DbCommand cmd, Collection collection, CancellationToken cancellationToken)
    {
        var list = new List<Record>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var fields = collection.Fields;
        while (await reader.ReadAsync(cancellationToken))
        {
            var r = new Record(collection);
            for (var i = 0; i < fields.Count; i++)
            {
                r.Values[i] = _db.Dialect.FromDb(fields[i], reader, i);
            }

            list.Add(r);
        }

        return list;
    }

    private static void CheckClientExpression(string? expression)
    {
        if (expression is null)
        {
            return;
        }

        if (expression.Contains("@request.", StringComparison.Ordinal))
        {
            throw StrataException.Forbidden("Only superusers can filter by @request.");
        }

        if (expression.Contains("@collection.", StringComparison.Ordinal))
        {
            throw StrataException.Forbidden("Only superusers can filter by @collection.");
        }
    }
}
