using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// The record lifecycle hooks: middleware-style handlers around create, update and delete (inside the transaction)
/// and listeners for committed changes. Handlers run in registration order; a handler scoped to a collection (by
/// name or id) runs only for it.
/// </summary>
public sealed partial class RecordHooks
{
    private readonly List<(RecordAction Action, string? Collection, Func<RecordEvent, Func<Task>, Task> Handler)> _handlers = [];
    private readonly List<(string? Collection, Func<RecordChange, CancellationToken, Task> Listener)> _committed = [];

    /// <summary>The engine these hooks belong to (set when it opens), handed to handlers through the events.</summary>
    public StrataEngine? Engine { get; internal set; }

    /// <summary>Adds a handler around record creation.</summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="handler">Receives the event and the next step; must call the next step for the write to happen.</param>
    public RecordHooks OnCreate(string? collection, Func<RecordEvent, Func<Task>, Task> handler) => Add(RecordAction.Create, collection, handler);

    /// <summary>Adds a handler around record updates.</summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="handler">Receives the event and the next step.</param>
    public RecordHooks OnUpdate(string? collection, Func<RecordEvent, Func<Task>, Task> handler) => Add(RecordAction.Update, collection, handler);

    /// <summary>Adds a handler around record deletion.</summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="handler">Receives the event and the next step.</param>
    public RecordHooks OnDelete(string? collection, Func<RecordEvent, Func<Task>, Task> handler) => Add(RecordAction.Delete, collection, handler);

    /// <summary>Adds a listener for committed changes (side effects: notifications, webhooks, caches).</summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="listener">The listener; its failures are logged by the caller and never undo the write.</param>
    public RecordHooks OnCommitted(string? collection, Func<RecordChange, CancellationToken, Task> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_committed)
        {
            _committed.Add((collection, listener));
        }

        return this;
    }

    /// <summary>Runs the handlers for <paramref name="e"/> around <paramref name="write"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="write">The write step (validation, SQL).</param>
    public Task RunAsync(RecordEvent e, Func<Task> write)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(write);
        List<Func<RecordEvent, Func<Task>, Task>> chain;
        lock (_handlers)
        {
            chain = [.. _handlers.Where(h => h.Action == e.Action && Matches(h.Collection, e.Collection)).Select(h => h.Handler)];
        }

        if (chain.Count == 0)
        {
            return write();
        }

        Task Step(int i) => i == chain.Count ? write() : chain[i](e, () => Step(i + 1));
        return Step(0);
    }

    /// <summary>Delivers committed changes to the listeners, in order.</summary>
    /// <param name="changes">The changes of one transaction.</param>
    /// <param name="onError">Told about a listener failure (the others still run).</param>
    /// <param name="cancellationToken">Cancels delivery.</param>
    public async Task PublishAsync(IReadOnlyList<RecordChange> changes, Action<Exception> onError, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(onError);
        List<(string? Collection, Func<RecordChange, CancellationToken, Task> Listener)> listeners;
        lock (_committed)
        {
            listeners = [.. _committed];
        }

        foreach (var change in changes)
        {
            var delivered = change.Engine is null ? change with { Engine = Engine } : change;
            foreach (var (collection, listener) in listeners.Where(l => Matches(l.Collection, change.Record.Collection)))
            {
                try
                {
                    await listener(delivered, cancellationToken);
                }
#pragma warning disable CA1031 // A side effect failing must not turn a committed write into an error.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    onError(ex);
                }
            }
        }
    }

    private RecordHooks Add(RecordAction action, string? collection, Func<RecordEvent, Func<Task>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlers)
        {
            _handlers.Add((action, collection, handler));
        }

        return this;
    }

    internal static bool Matches(string? filter, Collection c) =>
        filter is null || string.Equals(filter, c.Name, StringComparison.OrdinalIgnoreCase) || string.Equals(filter, c.Id, StringComparison.Ordinal);
}
