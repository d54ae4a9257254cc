using System.Collections.Concurrent;
using Strata.Filter.Parsing;
using Strata.Filter.Syntax;

namespace Strata.Filter;

/// <summary>Parses filter and rule expressions (contract §3.1–3.2) into the immutable AST.</summary>
public static class FilterParser
{
    /// <summary>How many parsed expressions are kept.</summary>
    public const int CacheCapacity = 1000;

    // Rules and common filters repeat on every request; the AST is immutable, so sharing it is safe. When full,
    // the cache is simply emptied: cheaper than LRU bookkeeping on a hot path, and a refill costs one parse each.
    private static readonly ConcurrentDictionary<string, FilterNode> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses an expression.</summary>
    /// <param name="source">The filter text.</param>
    /// <returns>The root node.</returns>
    /// <exception cref="FilterException">The text is empty, too large or not valid filter syntax.</exception>
    public static FilterNode Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Cache.TryGetValue(source, out var cached))
            return cached;
        var node = Parser.Parse(source);
        if (Cache.Count >= CacheCapacity)
            Cache.Clear();
        Cache.TryAdd(source, node);
        return node;
    }

    /// <summary>The number of cached expressions (for diagnostics and tests).</summary>
    public static int CachedCount => Cache.Count;
}
