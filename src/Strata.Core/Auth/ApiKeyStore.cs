using System.Text.Json;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Auth;

/// <summary>API keys in <see cref="SystemTables.ApiKeys"/>: created with a fresh secret, found by the secret's SHA-256, revoked by deletion.</summary>
public sealed class ApiKeyStore
{
    private const string Columns = "id, name, hint, collection_id, record_id, role, scopes, expires, created_by, created, last_used";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly IDatabase _db;
    private readonly TimeProvider _clock;

    /// <summary>Creates the store.</summary>
    /// <param name="db">The database.</param>
    /// <param name="clock">The clock.</param>
    public ApiKeyStore(IDatabase db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    /// <summary>Creates a key acting as <paramref name="actingAs"/>; the returned instance carries the secret (shown once).</summary>
    /// <param name="name">A label.</param>
    /// <param name="actingAs">The auth record the key acts as.</param>
    /// <param name="role">An optional role for rules.</param>
    /// <param name="scopes">What it may do (validated by the caller).</param>
    /// <param name="expires">When it stops working, or null for never.</param>
    /// <param name="createdBy">The id of the creator.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<ApiKey> CreateAsync(string name, Record actingAs, string role, IReadOnlyList<ApiKeyScope> scopes, DateTimeOffset? expires, string createdBy,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actingAs);
        // 48 characters of [a-zA-Z0-9] is about 285 bits: far beyond guessing, so a plain SHA-256 is a sufficient hash.
        var secret = ApiKey.Prefix + RandomId.Secret(48);
        var now = DateTimeText.Format(_clock.GetUtcNow());
        var key = new ApiKey
        {
            Id = RandomId.New(), Name = name, Hint = secret[..7], CollectionId = actingAs.Collection.Id, RecordId = actingAs.Id, Role = role,
            Scopes = scopes, Expires = expires is { } e ? DateTimeText.Format(e) : "", CreatedBy = createdBy, Created = now, LastUsed = "", Secret = secret,
        };
        var p = new SqlParameters();
        await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx,
            $"INSERT INTO {SystemTables.ApiKeys} (id, name, key_hash, hint, collection_id, record_id, role, scopes, expires, created_by, created, last_used) VALUES ({p.Add(key.Id)}, {p.Add(key.Name)}, {p.Add(TokenHash.Of(secret))}, {p.Add(key.Hint)}, {p.Add(key.CollectionId)}, {p.Add(key.RecordId)}, {p.Add(key.Role)}, {p.Add(JsonSerializer.Serialize(scopes, Json))}, {p.Add(key.Expires)}, {p.Add(createdBy)}, {p.Add(now)}, {p.Add("")})",
            p, cancellationToken), cancellationToken);
        return key;
    }

    /// <summary>The unexpired key with this secret, or null (unknown, revoked or expired keys are guests).</summary>
    /// <param name="secret">The key as presented.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var key = (await QueryAsync($"SELECT {Columns} FROM {SystemTables.ApiKeys} WHERE key_hash = {p.Add(TokenHash.Of(secret))}", p, cancellationToken)).FirstOrDefault();
        if (key is null || (key.Expires.Length > 0 && DateTimeText.TryParse(key.Expires, out var exp) && exp <= _clock.GetUtcNow()))
        {
            return null;
        }

        if (!DateTimeText.TryParse(key.LastUsed, out var used) || _clock.GetUtcNow() - used >= SessionStore.LastSeenResolution)
        {
            p = new SqlParameters();
            await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx,
                $"UPDATE {SystemTables.ApiKeys} SET last_used = {p.Add(DateTimeText.Format(_clock.GetUtcNow()))} WHERE id = {p.Add(key.Id)}", p, cancellationToken), cancellationToken);
        }

        return key;
    }

    /// <summary>Keys, newest first: all of them, or those acting as one record.</summary>
    /// <param name="collectionId">The auth collection, or null for every key.</param>
    /// <param name="recordId">The record, or null for every key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public Task<List<ApiKey>> ListAsync(string? collectionId, string? recordId, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var where = collectionId is null || recordId is null ? "" : $" WHERE record_id = {p.Add(recordId)} AND collection_id = {p.Add(collectionId)}";
        return QueryAsync($"SELECT {Columns} FROM {SystemTables.ApiKeys}{where} ORDER BY created DESC, id", p, cancellationToken);
    }

    /// <summary>One key by id, or null.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ApiKey?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        return (await QueryAsync($"SELECT {Columns} FROM {SystemTables.ApiKeys} WHERE id = {p.Add(id)}", p, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Revokes a key: it is a guest from its next request on.</summary>
    /// <param name="id">The key id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it existed.</returns>
    public async Task<bool> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        return await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.ApiKeys} WHERE id = {p.Add(id)}", p, cancellationToken), cancellationToken) > 0;
    }

    private async Task<List<ApiKey>> QueryAsync(string sql, SqlParameters p, CancellationToken cancellationToken)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, sql, p);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<ApiKey>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new ApiKey
            {
                Id = r.GetString(0), Name = r.GetString(1), Hint = r.GetString(2), CollectionId = r.GetString(3), RecordId = r.GetString(4), Role = r.GetString(5),
                Scopes = JsonSerializer.Deserialize<List<ApiKeyScope>>(r.GetString(6), Json) ?? [], Expires = r.GetString(7), CreatedBy = r.GetString(8),
                Created = r.GetString(9), LastUsed = r.GetString(10),
            });
        }

        return list;
    }
}
