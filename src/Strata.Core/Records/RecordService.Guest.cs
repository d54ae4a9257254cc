using System.Data.Common;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Records;

public sealed partial class RecordService
{
    /// <summary>
    /// Creates a guest record of an auth collection inside the caller's transaction: like a superuser's create (the
    /// collection's guest option is the permission, not its createRule), except that the email may stay empty.
    /// </summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The auth collection.</param>
    /// <param name="body">The fields to set, including a generated password.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> CreateGuestAsync(DbTransaction tx, Collection collection, JsonObject body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var system = new RequestInfo { Auth = new Record(CollectionDefaults.Superusers()), Method = "POST", Context = "guest" };
        return CreateCoreAsync(tx, collection, body, [], system, guest: true, cancellationToken);
    }
}
