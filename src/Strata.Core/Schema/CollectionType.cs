namespace Strata.Core.Schema;

/// <summary>The three collection types of contract §2.1.</summary>
public enum CollectionType
{
    /// <summary>A plain table of records.</summary>
    Base,
    /// <summary>A table of records that can authenticate.</summary>
    Auth,
    /// <summary>A read-only collection defined by a SELECT.</summary>
    View,
}
