using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Auth;

/// <summary>
/// Guest sign-in: auth records created without email or password (only the fields the collection's
/// <c>guestAuth.fields</c> allow), marked in <see cref="SystemTables.Guests"/> until they are upgraded to a full
/// account. The upgrade keeps the record id, so everything the guest owns stays theirs.
/// </summary>
public sealed class GuestAccounts
{
    private readonly RecordService _records;
    private readonly TimeProvider _clock;

    /// <summary>Creates the service.</summary>
    /// <param name="records">The records service.</param>
    /// <param name="clock">The clock.</param>
    public GuestAccounts(RecordService records, TimeProvider clock)
    {
        _records = records;
        _clock = clock;
    }

    /// <summary>Creates a guest record from the allowed fields of <paramref name="body"/>.</summary>
    /// <param name="collection">The auth collection (its guest option must be on).</param>
    /// <param name="body">The submitted fields.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<Record> CreateAsync(Collection collection, JsonObject body, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(body);
        var auth = collection.Auth ?? throw StrataException.NotFound("Missing or invalid auth collection context.");
        // Superusers are never created anonymously, whatever the option says.
        if (!auth.GuestAuthEnabled || collection.Name == RequestInfo.SuperusersCollection)
        {
            throw StrataException.Forbidden("The collection is not configured to allow guest sign-in.");
        }

        var allowed = auth.GuestAuthFields.Where(f => collection.FindField(f) is { System: false, Hidden: false }).ToHashSet(StringComparer.Ordinal);
        var errors = new ValidationErrors();
        var data = new JsonObject();
        foreach (var (key, value) in body)
        {
            if (allowed.Contains(key))
            {
                data[key] = value?.DeepClone();
            }
            else
            {
                errors.Add(key, new FieldError("validation_unknown_field", "A guest sign-in cannot set this field."));
            }
        }

        errors.ThrowIfAny("Failed to create record.");
        // An unusable random password: a guest signs in only with its token until it upgrades.
        var password = RandomId.Secret(40);
        data["password"] = password;
        data["passwordConfirm"] = password;
        return await _records.TransactionAsync(async tx =>
        {
            var record = await _records.CreateGuestAsync(tx, collection, data, cancellationToken);
            var p = new SqlParameters();
            await SqlText.ExecuteAsync(tx,
                $"INSERT INTO {SystemTables.Guests} (collection_id, record_id, created) VALUES ({p.Add(collection.Id)}, {p.Add(record.Id)}, {p.Add(DateTimeText.Format(_clock.GetUtcNow()))})",
                p, cancellationToken);
            return record;
        }, cancellationToken);
    }

    /// <summary>Whether a record is a guest that has not been upgraded.</summary>
    /// <param name="record">The auth record.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<bool> IsGuestAsync(Record record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var p = new SqlParameters();
        await using var conn = await _records.Database.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn,
            $"SELECT 1 FROM {SystemTables.Guests} WHERE collection_id = {p.Add(record.Collection.Id)} AND record_id = {p.Add(record.Id)}", p);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Turns a guest into a full account with an email and a password, keeping its id. The password change rotates the
    /// record's tokenKey, so the guest's old tokens stop working; the caller issues a new one.
    /// </summary>
    /// <param name="guest">The guest record.</param>
    /// <param name="email">The new email.</param>
    /// <param name="password">The new password.</param>
    /// <param name="passwordConfirm">Its confirmation.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<Record> UpgradeAsync(Record guest, string email, string password, string passwordConfirm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guest);
        if (!await IsGuestAsync(guest, cancellationToken))
        {
            throw StrataException.BadRequest("The authenticated record is not a guest.");
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(email))
        {
            errors.Add("email", FieldError.Required());
        }

        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", FieldError.Required());
        }

        errors.ThrowIfAny("Failed to update record.");
        var body = new JsonObject { ["email"] = email, ["password"] = password, ["passwordConfirm"] = passwordConfirm };
        var system = new RequestInfo { Auth = new Record(CollectionDefaults.Superusers()), Method = "POST", Context = "guest" };
        return await _records.TransactionAsync(async tx =>
        {
            var record = await _records.UpdateAsync(tx, guest.Collection, guest.Id, body, system, cancellationToken);
            var p = new SqlParameters();
            await SqlText.ExecuteAsync(tx,
                $"DELETE FROM {SystemTables.Guests} WHERE collection_id = {p.Add(guest.Collection.Id)} AND record_id = {p.Add(guest.Id)}", p, cancellationToken);
            return record;
        }, cancellationToken);
    }
}
