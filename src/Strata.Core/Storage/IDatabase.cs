using System.Data.Common;

namespace Strata.Core.Storage;

/// <summary>
/// A database engine Strata stores its data in. Reads use pooled connections; writes run one unit of work
/// in one transaction (serialised on SQLite, which has a single writer).
/// </summary>
public interface IDatabase : IAsyncDisposable
{
    /// <summary>The SQL dialect of this engine.</summary>
    IDialect Dialect { get; }

    /// <summary>Opens a connection for reading. The caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    ValueTask<DbConnection> OpenReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs <paramref name="work"/> inside one transaction and commits it if the work completes; any exception
    /// rolls everything back.
    /// </summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="work">The unit of work.</param>
    /// <param name="cancellationToken">Cancels waiting for the writer and the work.</param>
    Task<T> WriteAsync<T>(Func<DbTransaction, Task<T>> work, CancellationToken cancellationToken = default);
}
