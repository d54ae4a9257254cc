using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

public sealed partial class AuthFlows
{
    /// <summary>
    /// Contract §4.9, run after a first factor succeeded. Returns null when the login may complete (MFA off, the rule
    /// does not match, or <paramref name="mfaId"/> names an open MFA session of this record from a different method,
    /// which is then closed); otherwise opens an MFA session and returns its id for the 401 <c>{mfaId}</c> answer.
    /// </summary>
    /// <param name="record">The record that just authenticated.</param>
    /// <param name="method">The method it used: <c>password</c>, <c>otp</c> or <c>oauth2</c>.</param>
    /// <param name="mfaId">The MFA session id the client sent, if any.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public async Task<string?> CheckMfaAsync(Record record, string method, string? mfaId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var collection = record.Collection;
        var auth = collection.Auth!;
        if (!auth.MfaEnabled || (auth.MfaRule.Trim().Length > 0 &&
            !await _records.RuleHoldsAsync(collection, record.Id, auth.MfaRule, new RequestInfo { Auth = record }, cancellationToken)))
        {
            return null;
        }

        var mfas = _records.Collection(SystemCollections.Mfas);
        if (string.IsNullOrEmpty(mfaId))
        {
            var opened = await _records.CreateAsync(mfas, new JsonObject
            {
                ["collectionRef"] = collection.Id,
                ["recordRef"] = record.Id,
                ["method"] = method,
            }, System, cancellationToken);
            return opened.Id;
        }

        var mfa = mfaId.Length <= 64 ? await _records.FindAsync(mfas, mfaId, cancellationToken) : null;
        if (mfa is null)
        {
            throw StrataException.BadRequest("Invalid or expired MFA session.");
        }

        if (IsExpired(mfa, auth.MfaDuration))
        {
            await _records.DeleteAsync(mfas, mfa.Id, System, cancellationToken);
            throw StrataException.BadRequest("Invalid or expired MFA session.");
        }

        if (mfa.GetString("collectionRef") != collection.Id || mfa.GetString("recordRef") != record.Id)
        {
            throw StrataException.BadRequest("Invalid MFA session.");
        }

        if (mfa.GetString("method") == method)
        {
            throw StrataException.BadRequest("A different authentication method is required.");
        }

        await _records.DeleteAsync(mfas, mfa.Id, System, cancellationToken);
        return null;
    }
}
