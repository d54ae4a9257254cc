namespace Strata.Core.Schema;

/// <summary>
/// A collection (contract §2.1): a real table with typed columns, its fields, indexes and API rules.
/// Instances held by the schema cache are treated as immutable; changes work on a copy.
/// </summary>
public sealed partial class Collection
{
    /// <summary>The id, e.g. <c>pbc_1234567890</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>The name, also the table name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The type.</summary>
    public CollectionType Type { get; set; } = CollectionType.Base;

    /// <summary>Protected from deletion, renaming and rule changes.</summary>
    public bool System { get; set; }

    /// <summary>The fields in order; <c>id</c> first.</summary>
    public IList<Field> Fields { get; set; } = [];

    /// <summary>The raw <c>CREATE [UNIQUE] INDEX</c> statements as the contract writes them.</summary>
    public IList<string> Indexes { get; set; } = [];

    /// <summary>The list rule (null: superusers only; "": everyone).</summary>
    public string? ListRule { get; set; }

    /// <summary>The view rule.</summary>
    public string? ViewRule { get; set; }

    /// <summary>The create rule.</summary>
    public string? CreateRule { get; set; }

    /// <summary>The update rule.</summary>
    public string? UpdateRule { get; set; }

    /// <summary>The delete rule.</summary>
    public string? DeleteRule { get; set; }

    /// <summary>For view collections: the SELECT that defines them.</summary>
    public string ViewQuery { get; set; } = "";

    /// <summary>For auth collections: the auth options; null otherwise.</summary>
    public AuthOptions? Auth { get; set; }

    /// <summary>When the collection was created (canonical datetime text).</summary>
    public string Created { get; set; } = "";

    /// <summary>When the collection was last changed (canonical datetime text).</summary>
    public string Updated { get; set; } = "";

    /// <summary>Finds a field by name (case-sensitive), or null.</summary>
    /// <param name="name">The field name.</param>
    public Field? FindField(string name)
    {
        foreach (var f in Fields)
        {
            if (string.Equals(f.Name, name, StringComparison.Ordinal))
            {
                return f;
            }
        }

        return null;
    }
}
