namespace Strata.Core.Hooks;

/// <summary>What happened to a record.</summary>
public enum RecordAction
{
    /// <summary>The record was created.</summary>
    Create,
    /// <summary>The record was updated.</summary>
    Update,
    /// <summary>The record was deleted.</summary>
    Delete,
}
