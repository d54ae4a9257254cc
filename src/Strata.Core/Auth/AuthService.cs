using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

/// <summary>Password login, token refresh and resolving a request's token to its auth record.</summary>
public sealed class AuthService
{
    private readonly RecordService _records;

    /// <summary>Creates the service.</summary>
    /// <param name="records">The records service.</param>
    /// <param name="tokens">The token service.</param>
    public AuthService(RecordService records, TokenService tokens)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(tokens);
        _records = records;
        Tokens = tokens;
        Sessions = new SessionStore(records.Database, tokens.Clock);
        ApiKeys = new ApiKeyStore(records.Database, tokens.Clock);
        Guests = new GuestAccounts(records, tokens.Clock);
        records.Hooks.OnCommitted(null, OnCommittedAsync);
    }

    /// <summary>Guest sign-in and upgrade.</summary>
    public GuestAccounts Guests { get; }

    /// <summary>The token service.</summary>
    public TokenService Tokens { get; }

    /// <summary>The server-side sessions every auth token belongs to.</summary>
    public SessionStore Sessions { get; }

    /// <summary>The API keys.</summary>
    public ApiKeyStore ApiKeys { get; }

    /// <summary>
    /// Issues an auth token for a record: the one way tokens are made, so every token belongs to a revocable
    /// server-side session. A new session is opened unless <paramref name="sessionId"/> names the session of the token
    /// being refreshed.
    /// </summary>
    /// <param name="record">The authenticated record of an auth collection.</param>
    /// <param name="method">How it authenticated: <c>password</c>, <c>refresh</c>, <c>otp</c>, <c>oauth2</c>, <c>mfa</c>, <c>impersonate</c> or <c>guest</c>.</param>
    /// <param name="refreshable">False for impersonation tokens.</param>
    /// <param name="durationSeconds">Lifetime; 0 for the collection's authToken duration.</param>
    /// <param name="client">The device and address the session is opened from, or null.</param>
    /// <param name="sessionId">The session to issue within (refresh), or null for a new session.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<string> IssueAuthTokenAsync(Record record, string method, bool refreshable = true, long durationSeconds = 0, SessionClient? client = null,
        string? sessionId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrEmpty(method);
        var auth = record.Collection.Auth ?? throw new InvalidOperationException("Not an auth collection.");
        var duration = durationSeconds > 0 ? durationSeconds : auth.AuthToken.Duration;
        var (token, _) = await Sessions.IssueAsync(record, refreshable, duration, client ?? SessionClient.None, sessionId,
            seconds => Tokens.CreateAuthToken(record, refreshable, seconds), cancellationToken);
        return token;
    }

    /// <summary>
    /// Resolves a raw <c>Authorization</c> value (with or without <c>Bearer </c>) to its auth record: an API key
    /// (<c>sk_…</c>) or an auth token whose session is still open. Invalid, expired, unknown or revoked credentials
    /// give null: the request goes on as a guest (contract §0.2).
    /// </summary>
    /// <param name="header">The header value.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<AuthIdentity?> AuthenticateAsync(string? header, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        if (token.StartsWith(ApiKey.Prefix, StringComparison.Ordinal))
        {
            return await AuthenticateKeyAsync(token, cancellationToken);
        }

        if (TokenService.ReadUnverified(token) is not { Type: "auth" } claims)
        {
            return null;
        }

        var collection = TryCollection(claims.CollectionId);
        if (collection?.Auth is null)
        {
            return null;
        }

        // The record and its token's session in one statement: a logged-in request costs one lookup before its query.
        var hash = TokenHash.Of(token);
        if (await _records.FindWithExtraAsync(collection, claims.Id, p => SessionStore.LookupSql(p, hash), cancellationToken) is not { } found)
        {
            return null;
        }

        var record = found.Record;
        var refreshable = await Tokens.VerifyAsync(claims, record, collection.Auth.AuthToken.Secret);
        if (refreshable is null)
        {
            return null;
        }

        // Checked in the database on every request, so a revocation holds on every node at once. Tokens from before
        // sessions existed have no row and are refused: their holders sign in again.
        if (SessionStore.ParseLookup(found.Extra) is not { } session)
        {
            return null;
        }

        await Sessions.TouchAsync(session.SessionId, session.LastSeen, cancellationToken);
        return new AuthIdentity { Record = record, Refreshable = refreshable.Value, SessionId = session.SessionId };
    }

    /// <summary>
    /// Keeps the auth tables in step with the records: a deleted auth record loses its sessions, keys and guest mark; a
    /// new tokenKey (password or email change) already voids its tokens, so their sessions are closed too.
    /// </summary>
    private async Task OnCommittedAsync(RecordChange change, CancellationToken cancellationToken)
    {
        var record = change.Record;
        if (record.Collection.Auth is null)
        {
            return;
        }

        if (change.Action == RecordAction.Delete)
        {
            await Sessions.RevokeAllAsync(record.Collection.Id, record.Id, null, cancellationToken);
            await ApiKeys.RevokeAllAsync(record.Collection.Id, record.Id, cancellationToken);
            await Guests.ForgetAsync(record, cancellationToken);
        }
        else if (change.Action == RecordAction.Update && change.Previous is { } previous &&
            !string.Equals(previous.GetString("tokenKey"), record.GetString("tokenKey"), StringComparison.Ordinal))
        {
            await Sessions.RevokeAllAsync(record.Collection.Id, record.Id, null, cancellationToken);
        }
    }

    private async Task<AuthIdentity?> AuthenticateKeyAsync(string secret, CancellationToken cancellationToken)
    {
        if (secret.Length > 200 || await ApiKeys.FindAsync(secret, cancellationToken) is not { } key || TryCollection(key.CollectionId) is not { Auth: not null } collection)
        {
            return null;
        }

        var record = await _records.FindAsync(collection, key.RecordId, cancellationToken);
        return record is null ? null : new AuthIdentity { Record = record, ApiKey = key };
    }

    /// <summary>The auth record a valid, unexpired file token (contract §5.3) belongs to, or null.</summary>
    /// <param name="token">The token from <c>?token=</c>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<Record?> VerifyFileTokenAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || TokenService.ReadUnverified(token) is not { Type: "file" } claims ||
            TryCollection(claims.CollectionId) is not { Auth: { } auth } collection)
        {
            return null;
        }

        var record = await _records.FindAsync(collection, claims.Id, cancellationToken);
        return record is not null && await Tokens.VerifyAsync(claims, record, auth.FileToken.Secret) is not null ? record : null;
    }

    /// <summary>Password login (contract §4.2): 400 "Failed to authenticate." for any mismatch.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="identity">The identity value.</param>
    /// <param name="password">The password.</param>
    /// <param name="identityField">An optional identity field to search.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public async Task<Record> PasswordLoginAsync(Collection collection, string identity, string password, string? identityField, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var auth = collection.Auth ?? throw StrataException.NotFound("Missing or invalid auth collection context.");
        if (!auth.PasswordAuthEnabled)
        {
            throw StrataException.Forbidden("The collection is not configured to allow password authentication.");
        }

        var fields = auth.IdentityFields.ToList();
        if (!string.IsNullOrEmpty(identityField))
        {
            fields = fields.Contains(identityField, StringComparer.Ordinal) ? [identityField] : [];
        }

        // email first, and only when the identity looks like one.
        fields = [.. fields.OrderBy(f => f == "email" ? 0 : 1)];
        Record? found = null;
        foreach (var field in fields)
        {
            if (field == "email" && !identity.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            var filter = field == "email" ? "email:lower = @request.query.identity:lower" : $"{field} = @request.query.identity";
            var request = new RequestInfo { Query = new Dictionary<string, string> { ["identity"] = identity } };
            if (collection.FindField(field) is null)
            {
                continue;
            }

            found = await _records.FindFirstAsync(collection, filter, request, cancellationToken);
            if (found is not null)
            {
                break;
            }
        }

        // Verify against a dummy hash when nothing matched, so timing does not tell which identities exist.
        var ok = PasswordHasher.Verify(found?.GetString("password") ?? PasswordHasher.DummyHash, password ?? "");
        if (found is null || !ok)
        {
            throw StrataException.BadRequest("Failed to authenticate.");
        }

        return found;
    }

    private Collection? TryCollection(string id)
    {
        try
        {
            return _records.Collection(id);
        }
        catch (StrataException)
        {
            return null;
        }
    }
}
