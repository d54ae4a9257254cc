using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Files;
using Strata.Core.Hooks;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Records;

public sealed partial class RecordService
{
    /// <summary>Creates a record (contract §1.3) in its own transaction.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="body">The submitted body.</param>
    /// <param name="request">The request; its rules apply unless it is a superuser's.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> CreateAsync(Collection collection, JsonObject body, RequestInfo request, CancellationToken cancellationToken = default) =>
        CreateAsync(collection, body, [], request, cancellationToken);

    /// <summary>Creates a record inside the caller's transaction (batch, hooks).</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="body">The submitted body.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> CreateAsync(DbTransaction tx, Collection collection, JsonObject body, RequestInfo request, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(tx, collection, body, [], request, guest: false, cancellationToken);

    /// <summary>Creates a record with file uploads (contract §1.3, §2.6) in its own transaction.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="body">The submitted body.</param>
    /// <param name="uploads">The uploaded file parts.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> CreateAsync(Collection collection, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, CancellationToken cancellationToken = default)
    {
        // Reading and validating the body needs no transaction: it runs before the write lock, which every write
        // queues for, so the lock is held only for the statements.
        var input = ResolveCreate(collection, body, uploads, request, guest: false);
        return TransactionAsync(tx => CreateResolvedAsync(tx, collection, input, request, cancellationToken), cancellationToken);
    }

    /// <summary>Creates a record with file uploads inside the caller's transaction; the files are stored before the row is written.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="body">The submitted body.</param>
    /// <param name="uploads">The uploaded file parts.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> CreateAsync(DbTransaction tx, Collection collection, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(tx, collection, body, uploads, request, guest: false, cancellationToken);

    private Task<Record> CreateCoreAsync(DbTransaction tx, Collection collection, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, bool guest,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return CreateResolvedAsync(tx, collection, ResolveCreate(collection, body, uploads, request, guest), request, cancellationToken);
    }

    /// <summary>The checks and body resolution of a create that need no database: the collection, the rule, the fields.</summary>
    private RecordInput ResolveCreate(Collection collection, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, bool guest)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        RequireWritable(collection);
        var superuser = request.IsSuperuser;
        if (!superuser && collection.CreateRule is null)
        {
            throw StrataException.Forbidden("Only superusers can perform this action.");
        }

        return RecordInput.Resolve(collection, body, null, superuser, superuser, _clock.GetUtcNow(), uploads, guest);
    }

    private async Task<Record> CreateResolvedAsync(DbTransaction tx, Collection collection, RecordInput input, RequestInfo request, CancellationToken cancellationToken)
    {
        const string failed = "Failed to create record.";
        var superuser = request.IsSuperuser;
        var e = new RecordEvent(RecordAction.Create, input.Record, null, request.WithBody(input.ResolvedBody), tx, input.Errors) { Engine = _hooks.Engine };
        await _hooks.RunAsync(e, async () =>
        {
            var record = e.Record;
            await CheckRelationsAsync(tx, collection, record, null, e.Errors, cancellationToken);
            e.Errors.ThrowIfAny(failed);
            await CheckUniqueAsync(tx, collection, record, null, failed, cancellationToken);
            await StoreFilesAsync(tx, record, input.Files, cancellationToken);
            await InsertAsync(tx, record, failed, cancellationToken);
            // The rule sees the would-be record: evaluate it on the inserted row, inside the transaction.
            if (!superuser && collection.CreateRule!.Trim().Length > 0 &&
                !await RuleHoldsAsync(tx, collection, record.Id, collection.CreateRule, e.Request, cancellationToken))
            {
                throw StrataException.BadRequest(failed);
            }
        });
        Track(tx, new RecordChange(RecordAction.Create, e.Record, null));
        return e.Record;
    }

    /// <summary>Updates a record (contract §1.4) in its own transaction.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="body">The submitted (partial) body.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> UpdateAsync(Collection collection, string id, JsonObject body, RequestInfo request, CancellationToken cancellationToken = default) =>
        TransactionAsync(tx => UpdateAsync(tx, collection, id, body, request, cancellationToken), cancellationToken);

    /// <summary>Updates a record inside the caller's transaction.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="body">The submitted (partial) body.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> UpdateAsync(DbTransaction tx, Collection collection, string id, JsonObject body, RequestInfo request, CancellationToken cancellationToken = default) =>
        UpdateAsync(tx, collection, id, body, [], request, cancellationToken);

    /// <summary>Updates a record with file uploads (contract §1.4, §2.6) in its own transaction.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="body">The submitted (partial) body.</param>
    /// <param name="uploads">The uploaded file parts.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> UpdateAsync(Collection collection, string id, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, CancellationToken cancellationToken = default) =>
        TransactionAsync(tx => UpdateAsync(tx, collection, id, body, uploads, request, cancellationToken), cancellationToken);

    /// <summary>Updates a record with file uploads inside the caller's transaction; dropped files are deleted after commit.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="body">The submitted (partial) body.</param>
    /// <param name="uploads">The uploaded file parts.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task<Record> UpdateAsync(DbTransaction tx, Collection collection, string id, JsonObject body, IReadOnlyList<FileUpload> uploads, RequestInfo request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        const string failed = "Failed to update record.";
        RequireWritable(collection);
        var superuser = request.IsSuperuser;
        if (!superuser && collection.UpdateRule is null)
        {
            throw StrataException.Forbidden("Only superusers can perform this action.");
        }

        var current = await FindWithRuleAsync(tx.Connection!, tx, collection, id, null, request, cancellationToken)
            ?? throw StrataException.NotFound();
        var privileged = superuser || await IsManagerAsync(tx, collection, current, request, cancellationToken);
        var input = RecordInput.Resolve(collection, body, current, privileged, superuser, _clock.GetUtcNow(), uploads);
        if (!superuser && collection.UpdateRule!.Trim().Length > 0 &&
            !await RuleHoldsAsync(tx, collection, id, collection.UpdateRule, request.WithBody(input.ResolvedBody), cancellationToken))
        {
            throw StrataException.NotFound();
        }

        var e = new RecordEvent(RecordAction.Update, input.Record, current, request.WithBody(input.ResolvedBody), tx, input.Errors) { Engine = _hooks.Engine };
        await _hooks.RunAsync(e, async () =>
        {
            var record = e.Record;
            await CheckRelationsAsync(tx, collection, record, current, e.Errors, cancellationToken);
            e.Errors.ThrowIfAny(failed);
            await CheckUniqueAsync(tx, collection, record, id, failed, cancellationToken);
            await StoreFilesAsync(tx, record, input.Files, cancellationToken);
            await UpdateRowAsync(tx, record, failed, cancellationToken);
        });
        Track(tx, new RecordChange(RecordAction.Update, e.Record, current));
        return e.Record;
    }

    /// <summary>Deletes a record (contract §1.5) in its own transaction, applying relation cascades.</summary>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task<Record> DeleteAsync(Collection collection, string id, RequestInfo request, CancellationToken cancellationToken = default) =>
        TransactionAsync(tx => DeleteAsync(tx, collection, id, request, cancellationToken), cancellationToken);

    /// <summary>Deletes a record inside the caller's transaction.</summary>
    /// <param name="tx">The transaction.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="id">The record id.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The deleted record as it was.</returns>
    public async Task<Record> DeleteAsync(DbTransaction tx, Collection collection, string id, RequestInfo request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(request);
        RequireWritable(collection);
        var superuser = request.IsSuperuser;
        if (!superuser && collection.DeleteRule is null)
        {
            throw StrataException.Forbidden("Only superusers can perform this action.");
        }

        var record = await FindWithRuleAsync(tx.Connection!, tx, collection, id, superuser ? null : collection.DeleteRule, request, cancellationToken)
            ?? throw StrataException.NotFound();
        var e = new RecordEvent(RecordAction.Delete, record, null, request, tx, new ValidationErrors()) { Engine = _hooks.Engine };
        await _hooks.RunAsync(e, async () =>
        {
            e.Errors.ThrowIfAny("Failed to delete record.");
            await DeleteWithReferencesAsync(tx, record, 0, cancellationToken);
        });
        return record;
    }

    private async Task DeleteWithReferencesAsync(DbTransaction tx, Record record, int depth, CancellationToken cancellationToken)
    {
        const string failed = "Failed to delete record. Make sure that the record is not part of a required relation reference.";
        if (depth > 32)
        {
            throw StrataException.BadRequest(failed);
        }

        var dialect = _db.Dialect;
        foreach (var other in _schema.Current.All.Where(c => c.Type != CollectionType.View))
        {
            foreach (var rel in other.Fields.OfType<RelationField>().Where(f => f.CollectionId == record.Collection.Id))
            {
                var table = dialect.Quote(other.Name);
                var column = table + "." + dialect.Quote(rel.Name);
                var q = new RecordQuery(_schema.Current, dialect, other, RequestInfo.Guest, _clock.GetUtcNow());
                q.WhereSql(rel.IsMultiValued
                    ? dialect.JsonArrayContainsAny(column, [record.Id], q.Parameters)
                    : $"{column} = {q.Parameters.Add(record.Id)}");
                await using var cmd = SqlText.Command(tx.Connection!, q.SelectSql(null), q.Parameters, tx);
                var referencing = await ReadAsync(cmd, other, cancellationToken);
                foreach (var r in referencing.Where(r => !(r.Collection.Id == record.Collection.Id && r.Id == record.Id)))
                {
                    if (rel.CascadeDelete)
                    {
                        await DeleteWithReferencesAsync(tx, r, depth + 1, cancellationToken);
                        continue;
                    }

                    var before = r.Clone();

                    var remaining = rel.IsMultiValued
                        ? (object)((r.Get(rel.Name) as IReadOnlyList<string> ?? []).Where(x => x != record.Id).ToList())
                        : "";
                    if (rel.Required && (remaining is "" || remaining is List<string> { Count: 0 }))
                    {
                        throw StrataException.BadRequest(failed);
                    }

                    r.Set(rel.Name, remaining);
                    await UpdateRowAsync(tx, r, failed, cancellationToken);
                    Track(tx, new RecordChange(RecordAction.Update, r, before));
                }
            }
        }

        var dp = new SqlParameters();
        await SqlText.ExecuteAsync(tx, $"DELETE FROM {dialect.Quote(record.Collection.Name)} WHERE \"id\" = {dp.Add(record.Id)}", dp, cancellationToken);
        Track(tx, new RecordChange(RecordAction.Delete, record, null));
    }

    private async Task StoreFilesAsync(DbTransaction tx, Record record, IReadOnlyList<PendingFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            return;
        }

        if (Files is null)
        {
            throw StrataException.BadRequest("File uploads are not available.");
        }

        // Outside TransactionAsync nobody would remove these on rollback; collect them anyway so the write works.
        var written = _written.TryGetValue(tx, out var list) ? list : [];
        await Files.StoreAsync(record, files, written, cancellationToken);
    }

    private static void RequireWritable(Collection collection)
    {
        if (collection.Type == CollectionType.View)
        {
            throw StrataException.BadRequest("Unsupported collection type.");
        }
    }

    private async Task<bool> RuleHoldsAsync(DbTransaction tx, Collection collection, string id, string rule, RequestInfo request, CancellationToken cancellationToken)
    {
        var query = NewQuery(collection, request).WhereId(id);
        try
        {
            query.Where(rule, ResolverOptions.Rule, "r");
        }
        catch (FilterException)
        {
            return false;
        }

        // The row was just written (or read) in this transaction: a rule that folded to true cannot exclude it, and the
        // statement would only confirm that it exists.
        if (query.OnlyIdConditions)
        {
            return true;
        }

        await using var cmd = SqlText.Command(tx.Connection!, query.ExistsSql(), query.Parameters, tx);
        return await cmd.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>True when the requester satisfies the auth collection's manageRule for <paramref name="record"/>.</summary>
    private async Task<bool> IsManagerAsync(DbTransaction tx, Collection collection, Record record, RequestInfo request, CancellationToken cancellationToken)
    {
        if (collection.Auth?.ManageRule is not { } rule || rule.Trim().Length == 0 || request.Auth is null)
        {
            return false;
        }

        return await RuleHoldsAsync(tx, collection, record.Id, rule, request, cancellationToken);
    }

    private async Task InsertAsync(DbTransaction tx, Record record, string failed, CancellationToken cancellationToken)
    {
        var d = _db.Dialect;
        var p = new SqlParameters();
        var fields = record.Collection.Fields;
        var sb = new StringBuilder("INSERT INTO ").Append(d.Quote(record.Collection.Name)).Append(" (");
        sb.AppendJoin(", ", fields.Select(f => d.Quote(f.Name))).Append(") VALUES (");
        sb.AppendJoin(", ", fields.Select((f, i) => p.Add(d.ToDb(f, record.Values[i])))).Append(')');
        await ExecuteWriteAsync(tx, sb.ToString(), p, failed, cancellationToken);
    }

    private async Task UpdateRowAsync(DbTransaction tx, Record record, string failed, CancellationToken cancellationToken)
    {
        var d = _db.Dialect;
        var p = new SqlParameters();
        var fields = record.Collection.Fields;
        var sb = new StringBuilder("UPDATE ").Append(d.Quote(record.Collection.Name)).Append(" SET ");
        sb.AppendJoin(", ", fields.Select((f, i) => $"{d.Quote(f.Name)} = {p.Add(d.ToDb(f, record.Values[i]))}"));
        sb.Append(" WHERE \"id\" = ").Append(p.Add(record.Id));
        await ExecuteWriteAsync(tx, sb.ToString(), p, failed, cancellationToken);
    }

    private async Task ExecuteWriteAsync(DbTransaction tx, string sql, SqlParameters p, string failed, CancellationToken cancellationToken)
    {
        try
        {
            await SqlText.ExecuteAsync(tx, sql, p, cancellationToken);
        }
        catch (DbException e) when (_db.Dialect.IsUniqueViolation(e))
        {
            // Another writer won a race the pre-check could not see (PostgreSQL across nodes).
            var errors = new ValidationErrors();
            errors.Add("id", new FieldError("validation_not_unique", "Value must be unique."));
            throw new StrataException(400, failed, errors.Data);
        }
    }

    private async Task CheckRelationsAsync(DbTransaction tx, Collection collection, Record record, Record? previous, ValidationErrors errors, CancellationToken cancellationToken)
    {
        foreach (var rel in collection.Fields.OfType<RelationField>())
        {
            // Only ids that are new to the record need checking; stored ones were checked when they were set.
            var before = previous is null ? [] : Ids(previous.Get(rel.Name)).ToHashSet(StringComparer.Ordinal);
            var ids = Ids(record.Get(rel.Name)).Where(id => !before.Contains(id)).ToHashSet(StringComparer.Ordinal);
            if (ids.Count == 0)
            {
                continue;
            }

            var target = _schema.Current.Find(rel.CollectionId);
            if (target is null)
            {
                errors.Add(rel.Name, new FieldError("validation_missing_rel_records", "Failed to find all relation records with the provided ids."));
                continue;
            }

            var p = new SqlParameters();
            var sql = $"SELECT COUNT(*) FROM {_db.Dialect.Quote(target.Name)} WHERE {_db.Dialect.InList("\"id\"", ids, p)}";
            await using var cmd = SqlText.Command(tx.Connection!, sql, p, tx);
            var found = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            if (found != ids.Count)
            {
                errors.Add(rel.Name, new FieldError("validation_missing_rel_records", "Failed to find all relation records with the provided ids."));
            }
        }
    }

    private async Task CheckUniqueAsync(DbTransaction tx, Collection collection, Record record, string? currentId, string failed, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var d = _db.Dialect;
        var table = d.Quote(collection.Name);
        // The primary key needs no probe: the engine enforces it and a violation is reported on "id" below.
        var indexes = collection.Indexes.Select(IndexDefinition.ParseCached).Where(i => i.Unique).ToList();
        foreach (var index in indexes)
        {
            var p = new SqlParameters();
            var conditions = new List<string>();
            var skip = false;
            foreach (var col in index.Columns)
            {
                var field = collection.FindField(col.Name);
                if (field is null)
                {
                    skip = true;
                    break;
                }

                var value = p.Add(d.ToDb(field, record.Get(field.Name)));
                conditions.Add(col.Collate.Equals("NOCASE", StringComparison.OrdinalIgnoreCase)
                    ? $"{d.Lower(d.Quote(col.Name))} = {d.Lower(value)}"
                    : $"{d.Quote(col.Name)} = {value}");
            }

            if (skip)
            {
                continue;
            }

            if (currentId is not null)
            {
                conditions.Add($"\"id\" <> {p.Add(currentId)}");
            }

            if (!string.IsNullOrWhiteSpace(index.Where))
            {
                conditions.Add("(" + IndexWhere.Portable(index.Where) + ")");
            }

            await using var cmd = SqlText.Command(tx.Connection!, $"SELECT 1 FROM {table} WHERE {string.Join(" AND ", conditions)} LIMIT 1", p, tx);
            if (await cmd.ExecuteScalarAsync(cancellationToken) is not null)
            {
                foreach (var col in index.Columns)
                {
                    errors.Add(col.Name, new FieldError("validation_not_unique", "Value must be unique."));
                }
            }
        }

        errors.ThrowIfAny(failed);
    }
}
