using System.Data.Common;
using System.Globalization;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Auth;

/// <summary>
/// Revocable server-side sessions. The token payload is fixed by the contract (no session claim), so a token is tied
/// to its session by its SHA-256 in <see cref="SystemTables.SessionTokens"/>: a refresh adds the new token's hash to
/// the same session (the old token stays valid until it expires, as in PocketBase), and revoking a session deletes
/// every hash of it, so each of its tokens is refused on its next request on every node.
/// </summary>
public sealed class SessionStore
{
    /// <summary>How stale <c>lastSeen</c> may get before a request writes it: one write per session per interval, not per request.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(5);

    private const string Columns = "id, collection_id, record_id, refreshable, user_agent, ip, created, last_seen, expires";
    private readonly IDatabase _db;
    private readonly TimeProvider _clock;

    /// <summary>Creates the store.</summary>
    /// <param name="db">The database.</param>
    /// <param name="clock">The clock.</param>
    public SessionStore(IDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>
    /// Issues a token within a session: a new session when <paramref name="sessionId"/> is null, else the given one.
    /// Two tokens minted for one record in the same second are byte-identical (the claims are fixed), so when the
    /// minted token already belongs to another session, it is minted again one second shorter until it is unique.
    /// </summary>
    /// <param name="record">The auth record.</param>
    /// <param name="refreshable">Whether the token is refreshable.</param>
    /// <param name="duration">The lifetime in seconds.</param>
    /// <param name="client">Where the session is opened from.</param>
    /// <param name="sessionId">The session a refresh belongs to, or null for a new one.</param>
    /// <param name="mint">Mints a token with the given lifetime.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The token and its session id.</returns>
    public Task<(string Token, string SessionId)> IssueAsync(Record record, bool refreshable, long duration, SessionClient client, string? sessionId,
        Func<long, string> mint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mint);
        return _db.WriteAsync(async tx =>
        {
            var nowTime = _clock.GetUtcNow();
            var now = DateTimeText.Format(nowTime);
            var id = sessionId ?? RandomId.New();
            await DeleteExpiredAsync(tx, record, now, cancellationToken);
            for (long shorter = 0; shorter < Math.Max(1, Math.Min(duration - 1, 600)); shorter++)
            {
                var token = mint(duration - shorter);
                var expires = DateTimeText.Format(nowTime.AddSeconds(duration - shorter));
                var hash = TokenHash.Of(token);
                var p = new SqlParameters();
                var owner = await ScalarAsync(tx, $"SELECT session_id FROM {SystemTables.SessionTokens} WHERE token_hash = {p.Add(hash)}", p, cancellationToken);
                if (owner is not null && owner != id)
                {
                    continue;
                }

                if (sessionId is null)
                {
                    p = new SqlParameters();
                    await SqlText.ExecuteAsync(tx,
                        $"INSERT INTO {SystemTables.Sessions} ({Columns}) VALUES ({p.Add(id)}, {p.Add(record.Collection.Id)}, {p.Add(record.Id)}, {p.Add(refreshable)}, {p.Add(client.UserAgent)}, {p.Add(client.Ip)}, {p.Add(now)}, {p.Add(now)}, {p.Add(expires)})",
                        p, cancellationToken);
                }
                else
                {
                    p = new SqlParameters();
                    await SqlText.ExecuteAsync(tx,
                        $"UPDATE {SystemTables.Sessions} SET last_seen = {p.Add(now)}, expires = {p.Add(expires)} WHERE id = {p.Add(id)}", p, cancellationToken);
                }

                if (owner is null)
                {
                    p = new SqlParameters();
                    await SqlText.ExecuteAsync(tx,
                        $"INSERT INTO {SystemTables.SessionTokens} (token_hash, session_id, expires) VALUES ({p.Add(hash)}, {p.Add(id)}, {p.Add(expires)})", p, cancellationToken);
                }

                return (token, id);
            }

            throw new InvalidOperationException("Could not mint a unique token for the session.");
        }, cancellationToken);
    }

    /// <summary>
    /// The session a token belongs to, with its last-seen time; null when the token was never issued through a session
    /// or its session was revoked. One primary-key lookup joined to the session row.
    /// </summary>
    /// <param name="tokenHash">The token's <see cref="TokenHash"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<(string SessionId, string LastSeen)?> FindAsync(string tokenHash, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn,
            $"SELECT s.id, s.last_seen FROM {SystemTables.SessionTokens} t JOIN {SystemTables.Sessions} s ON s.id = t.session_id WHERE t.token_hash = {p.Add(tokenHash)}", p);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? (r.GetString(0), r.GetString(1)) : null;
    }

    /// <summary>Records that the session was used now, if its last-seen time is older than <see cref="LastSeenResolution"/>.</summary>
    /// <param name="sessionId">The session.</param>
    /// <param name="lastSeen">Its stored last-seen time.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task TouchAsync(string sessionId, string lastSeen, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        if (DateTimeText.TryParse(lastSeen, out var seen) && now - seen < LastSeenResolution)
        {
            return;
        }

        var p = new SqlParameters();
        await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx,
            $"UPDATE {SystemTables.Sessions} SET last_seen = {p.Add(DateTimeText.Format(now))} WHERE id = {p.Add(sessionId)}", p, cancellationToken), cancellationToken);
    }

    /// <summary>The unexpired sessions of a record, newest first.</summary>
    /// <param name="collectionId">The auth collection id.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<AuthSession>> ListAsync(string collectionId, string recordId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        return await QueryAsync(
            $"SELECT {Columns} FROM {SystemTables.Sessions} WHERE record_id = {p.Add(recordId)} AND collection_id = {p.Add(collectionId)} AND expires > {p.Add(DateTimeText.Format(_clock.GetUtcNow()))} ORDER BY created DESC, id",
            p, cancellationToken);
    }

    /// <summary>One session by id, or null.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<AuthSession?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        return (await QueryAsync($"SELECT {Columns} FROM {SystemTables.Sessions} WHERE id = {p.Add(id)}", p, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Revokes one session: its tokens are refused from the next request on.</summary>
    /// <param name="id">The session id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it existed.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        return await _db.WriteAsync(async tx =>
        {
            var p = new SqlParameters();
            await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.SessionTokens} WHERE session_id = {p.Add(id)}", p, cancellationToken);
            p = new SqlParameters();
            return await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Sessions} WHERE id = {p.Add(id)}", p, cancellationToken) > 0;
        }, cancellationToken);
    }

    /// <summary>Revokes every session of a record, optionally keeping one (log out everywhere else).</summary>
    /// <param name="collectionId">The auth collection id.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="keepId">A session to keep, or null.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many sessions were revoked.</returns>
    public Task<int> RevokeAllAsync(string collectionId, string recordId, string? keepId, CancellationToken cancellationToken = default) =>
        _db.WriteAsync(async tx =>
        {
            var p = new SqlParameters();
            var owned = $"SELECT id FROM {SystemTables.Sessions} WHERE record_id = {p.Add(recordId)} AND collection_id = {p.Add(collectionId)} AND id <> {p.Add(keepId ?? "")}";
            await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.SessionTokens} WHERE session_id IN ({owned})", p, cancellationToken);
            p = new SqlParameters();
            return await SqlText.ExecuteAsync(tx,
                $"DELETE FROM {SystemTables.Sessions} WHERE record_id = {p.Add(recordId)} AND collection_id = {p.Add(collectionId)} AND id <> {p.Add(keepId ?? "")}", p, cancellationToken);
        }, cancellationToken);

    private static async Task DeleteExpiredAsync(DbTransaction tx, Record record, string now, CancellationToken cancellationToken)
    {
        // Housekeeping per record at issuance keeps the tables small without a sweeper.
        var p = new SqlParameters();
        var expired = $"SELECT id FROM {SystemTables.Sessions} WHERE record_id = {p.Add(record.Id)} AND collection_id = {p.Add(record.Collection.Id)} AND expires <= {p.Add(now)}";
        await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.SessionTokens} WHERE session_id IN ({expired})", p, cancellationToken);
        p = new SqlParameters();
        await SqlText.ExecuteAsync(tx,
            $"DELETE FROM {SystemTables.Sessions} WHERE record_id = {p.Add(record.Id)} AND collection_id = {p.Add(record.Collection.Id)} AND expires <= {p.Add(now)}", p, cancellationToken);
    }

    private static async Task<string?> ScalarAsync(DbTransaction tx, string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        await using var cmd = SqlText.Command(tx.Connection!, sql, p, tx);
        return await cmd.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<List<AuthSession>> QueryAsync(string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, sql, p);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<AuthSession>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new AuthSession
            {
                Id = r.GetString(0), CollectionId = r.GetString(1), RecordId = r.GetString(2),
                Refreshable = Convert.ToBoolean(r.GetValue(3), CultureInfo.InvariantCulture), UserAgent = r.GetString(4), Ip = r.GetString(5),
                Created = r.GetString(6), LastSeen = r.GetString(7), Expires = r.GetString(8),
            });
        }

        return list;
    }
}
