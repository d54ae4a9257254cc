using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// The ordered request hooks of one kind. Registration copies the array, so a request reads it without a lock and
/// an empty chain costs one length check.
/// </summary>
/// <typeparam name="TEvent">The event type.</typeparam>
internal sealed class RequestHookChain<TEvent>
    where TEvent : RecordRequestEvent
{
    private readonly Lock _lock = new();
    private volatile (string? Collection, Func<TEvent, Func<Task>, Task> Handler)[] _items = [];

    public bool IsEmpty => _items.Length == 0;

    public void Add(string? collection, Func<TEvent, Func<Task>, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _items = [.. _items, (collection, handler)];
        }
    }

    public Task RunAsync(TEvent e, Func<Task> action)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(action);
        var items = _items;
        Task Step(int i)
        {
            // A hook that responded has decided the answer: the rest of the chain and the default action are skipped.
            if (e.Responded)
            {
                return Task.CompletedTask;
            }

            while (i < items.Length && !RecordHooks.Matches(items[i].Collection, e.Collection))
            {
                i++;
            }

            return i == items.Length ? action() : items[i].Handler(e, () => Step(i + 1));
        }

        return Step(0);
    }
}
