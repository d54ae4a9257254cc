namespace Strata.Core.Hooks;

/// <summary>Hooks around the records API's list, view and auth responses.</summary>
public sealed partial class RecordHooks
{
    private readonly RequestHookChain<RecordsListEvent> _list = new();
    private readonly RequestHookChain<RecordViewEvent> _view = new();
    private readonly RequestHookChain<RecordAuthEvent> _auth = new();

    /// <summary>True when a records list hook is registered (the API skips building events otherwise).</summary>
    public bool HasRecordsListHooks => !_list.IsEmpty;

    /// <summary>True when a record view hook is registered.</summary>
    public bool HasRecordViewHooks => !_view.IsEmpty;

    /// <summary>True when a record auth hook is registered.</summary>
    public bool HasRecordAuthHooks => !_auth.IsEmpty;

    /// <summary>
    /// Adds a handler around records list requests. Before <c>next()</c> it may change <c>e.Params</c>; after it,
    /// <c>e.Result</c> holds the page; <c>e.Respond(...)</c> replaces the response; a thrown
    /// <see cref="Errors.StrataException"/> becomes the contract's error body.
    /// </summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="handler">Receives the event and the next step (the query, or the next hook).</param>
    public RecordHooks OnRecordsList(string? collection, Func<RecordsListEvent, Func<Task>, Task> handler)
    {
        _list.Add(collection, handler);
        return this;
    }

    /// <summary>Adds a handler around record view requests; after <c>next()</c>, <c>e.Record</c> is the loaded record.</summary>
    /// <param name="collection">A collection name or id, or null for every collection.</param>
    /// <param name="handler">Receives the event and the next step.</param>
    public RecordHooks OnRecordView(string? collection, Func<RecordViewEvent, Func<Task>, Task> handler)
    {
        _view.Add(collection, handler);
        return this;
    }

    /// <summary>
    /// Adds a handler around successful authentications (password login, refresh, ...) of an auth collection;
    /// after <c>next()</c>, <c>e.Token</c> is the issued token.
    /// </summary>
    /// <param name="collection">An auth collection name or id, or null for every auth collection.</param>
    /// <param name="handler">Receives the event and the next step.</param>
    public RecordHooks OnRecordAuth(string? collection, Func<RecordAuthEvent, Func<Task>, Task> handler)
    {
        _auth.Add(collection, handler);
        return this;
    }

    /// <summary>Runs the list hooks for <paramref name="e"/> around <paramref name="query"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="query">Runs the query and sets <c>e.Result</c>.</param>
    public Task RunAsync(RecordsListEvent e, Func<Task> query) => _list.RunAsync(e, query);

    /// <summary>Runs the view hooks for <paramref name="e"/> around <paramref name="load"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="load">Loads the record and sets <c>e.Record</c>.</param>
    public Task RunAsync(RecordViewEvent e, Func<Task> load) => _view.RunAsync(e, load);

    /// <summary>Runs the auth hooks for <paramref name="e"/> around <paramref name="issue"/>.</summary>
    /// <param name="e">The event.</param>
    /// <param name="issue">Issues the token and sets <c>e.Token</c>.</param>
    public Task RunAsync(RecordAuthEvent e, Func<Task> issue) => _auth.RunAsync(e, issue);
}
