using System.Collections.Frozen;

namespace Strata.Core.Schema;

/// <summary>
/// An immutable view of every collection, swapped atomically after each committed schema change so requests
/// never see a half-applied schema.
/// </summary>
public sealed class SchemaSnapshot
{
    private readonly FrozenDictionary<string, Collection> _byId;
    private readonly FrozenDictionary<string, Collection> _byName;

    /// <summary>Creates a snapshot of the given collections.</summary>
    /// <param name="collections">The collections.</param>
    public SchemaSnapshot(IEnumerable<Collection> collections)
    {
        All = [.. collections];
        // First wins on a clash: a snapshot may be built from a candidate that validation is about to reject.
        _byId = All.DistinctBy(c => c.Id, StringComparer.Ordinal).ToFrozenDictionary(c => c.Id, StringComparer.Ordinal);
        _byName = All.DistinctBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToFrozenDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>All collections.</summary>
    public IReadOnlyList<Collection> All { get; }

    /// <summary>Finds a collection by id, or by name case-insensitively.</summary>
    /// <param name="idOrName">The id or name.</param>
    public Collection? Find(string idOrName) =>
        _byId.TryGetValue(idOrName, out var c) ? c : _byName.GetValueOrDefault(idOrName);
}
