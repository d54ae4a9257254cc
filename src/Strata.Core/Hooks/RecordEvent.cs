using System.Data.Common;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// A record write passing through hooks, inside its transaction. Hooks may change <see cref="Record"/> before calling
/// the next step, add field errors to <see cref="Errors"/> (the write then fails with the contract's 400), throw a
/// <see cref="StrataException"/> to reject it, or do more work in <see cref="Transaction"/> after the next step.
/// </summary>
public sealed class RecordEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="action">The action.</param>
    /// <param name="record">The record as it will be written (for deletes: as it was).</param>
    /// <param name="previous">The stored record before an update, or null.</param>
    /// <param name="request">The request.</param>
    /// <param name="transaction">The transaction.</param>
    /// <param name="errors">The field errors collected so far.</param>
    public RecordEvent(RecordAction action, Record record, Record? previous, RequestInfo request, DbTransaction transaction, ValidationErrors errors)
    {
        Action = action;
        Record = record;
        Previous = previous;
        Request = request;
        Transaction = transaction;
        Errors = errors;
    }

    /// <summary>The action.</summary>
    public RecordAction Action { get; }

    /// <summary>The collection.</summary>
    public Collection Collection => Record.Collection;

    /// <summary>The record as it will be written (create, update) or as it was (delete). Hooks may change its values.</summary>
    public Record Record { get; }

    /// <summary>The stored record before an update; null otherwise.</summary>
    public Record? Previous { get; }

    /// <summary>The request (auth, body, headers...).</summary>
    public RequestInfo Request { get; }

    /// <summary>The write transaction; use it for any related reads and writes so they commit or roll back together.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>The engine, for related reads and writes (pass <see cref="Transaction"/> to stay in this write).</summary>
    public StrataEngine? Engine { get; init; }

    /// <summary>Field errors; anything added before the write step makes it fail with 400.</summary>
    public ValidationErrors Errors { get; }
}
