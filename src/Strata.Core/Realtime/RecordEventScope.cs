using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Records.InMemory;
using Strata.Core.Schema;
using Strata.Filter;

namespace Strata.Core.Realtime;

/// <summary>
/// Rule checks for one record event, shared by all its subscribers. A rule that only reads the record's own fields
/// and <c>@request.*</c> is evaluated in memory (no query per subscriber). A rule that reaches other records
/// (relations, back-relations, <c>@collection</c>) runs as SQL against the committed record on create and update;
/// for a delete, whose record is gone, the collections it reaches are loaded once for the event and the in-memory
/// evaluator runs on them with the deleted record put back.
/// </summary>
internal sealed class RecordEventScope
{
    private readonly StrataEngine _engine;
    private readonly Dictionary<string, IReadOnlyList<Record>> _loaded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _cache = new(StringComparer.Ordinal);

    public RecordEventScope(StrataEngine engine, RecordAction action, Record record)
    {
        _engine = engine;
        Action = action;
        Record = record;
        Now = engine.Clock.GetUtcNow();
    }

    public RecordAction Action { get; }

    public Record Record { get; }

    public DateTimeOffset Now { get; }

    /// <summary>Evaluates an expression for a requester; results are cached per <paramref name="cacheKey"/>.</summary>
    public async ValueTask<bool> MatchesAsync(string expression, ResolverOptions options, RequestInfo request, string cacheKey, CancellationToken cancellationToken)
    {
        if (expression.Trim().Length == 0)
        {
            return true;
        }

        if (_cache.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var result = await EvaluateAsync(expression, options, request, cancellationToken);
        _cache[cacheKey] = result;
        return result;
    }

    private async Task<bool> EvaluateAsync(string expression, ResolverOptions options, RequestInfo request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 16; attempt++)
        {
            var ctx = new InMemoryContext(_engine.Schema.Current, Records, request, Now, options);
            try
            {
                return InMemoryFilter.Matches(expression, Record, ctx);
            }
            catch (FilterException)
            {
                return false;
            }
            catch (NeedsRecordsException needs)
            {
                if (Action != RecordAction.Delete)
                {
                    return await _engine.Records.MatchesAsync(Record.Collection, Record.Id, expression, options, request, cancellationToken);
                }

                var all = await _engine.Records.AllAsync(needs.Collection, cancellationToken);
                if (needs.Collection.Id == Record.Collection.Id && all.All(r => r.Id != Record.Id))
                {
                    all.Add(Record);
                }

                _loaded[needs.Collection.Id] = all;
            }
        }

        return false;
    }

    private IReadOnlyList<Record> Records(Collection collection) =>
        _loaded.TryGetValue(collection.Id, out var records) ? records : throw new NeedsRecordsException(collection);

    /// <summary>The in-memory evaluation needs the records of a collection it does not have yet.</summary>
    private sealed class NeedsRecordsException(Collection collection) : Exception("Records of " + collection.Name + " are needed.")
    {
        public Collection Collection { get; } = collection;
    }
}
