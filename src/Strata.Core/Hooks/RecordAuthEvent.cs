using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Hooks;

/// <summary>
/// A successful authentication about to be answered (password login, refresh, and the other auth endpoints):
/// the identity is already verified and the collection's <c>authRule</c> holds. A hook may still refuse (throw a
/// <see cref="Errors.StrataException"/>), change the record's values before the next step, or respond itself.
/// The next step issues the token (<see cref="Token"/>) and expands the record.
/// </summary>
/// <param name="collection">The auth collection.</param>
/// <param name="request">The request (its <c>Auth</c> is the caller's token holder, null on a login).</param>
/// <param name="record">The authenticated record.</param>
/// <param name="action">How the record authenticated: <c>password</c>, <c>refresh</c>, <c>otp</c>, <c>oauth2</c>, <c>mfa</c>, <c>impersonate</c> or <c>guest</c>.</param>
public sealed class RecordAuthEvent(Collection collection, RequestInfo request, Record record, string action) : RecordRequestEvent(collection, request)
{
    /// <summary>The authenticated record.</summary>
    public Record Record { get; } = record;

    /// <summary>
    /// How the record authenticated: <c>password</c>, <c>refresh</c>, <c>otp</c>, <c>oauth2</c>, <c>mfa</c> (the second
    /// factor completed a login), <c>impersonate</c> or <c>guest</c>.
    /// </summary>
    public string Action { get; } = action;

    /// <summary>The issued token: null before the next step.</summary>
    public string? Token { get; set; }
}
