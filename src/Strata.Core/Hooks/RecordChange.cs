using Strata.Core.Records;

namespace Strata.Core.Hooks;

/// <summary>A committed record change, delivered after the transaction commits (realtime, webhooks, file clean-up).</summary>
/// <param name="Action">What happened.</param>
/// <param name="Record">The record as written (for deletes: as it was before).</param>
/// <param name="Previous">The record before an update, or null.</param>
public sealed record RecordChange(RecordAction Action, Record Record, Record? Previous)
{
    /// <summary>The engine, for follow-up work (enqueue a job, read related records).</summary>
    public StrataEngine? Engine { get; init; }
}
