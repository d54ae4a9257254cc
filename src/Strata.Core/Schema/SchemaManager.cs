using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Strata.Core.Errors;
using Strata.Core.Migrations;
using Strata.Core.Records;
using Strata.Core.Storage;

namespace Strata.Core.Schema;

/// <summary>
/// Owns the collections: loads them, applies changes as DDL in one transaction together with the stored
/// definition, writes each change as a migration file, and publishes a fresh <see cref="SchemaSnapshot"/> after commit.
/// </summary>
public sealed partial class SchemaManager
{
    private readonly IDatabase _db;
    private readonly TimeProvider _clock;
    private volatile SchemaSnapshot _current = new([]);

    /// <summary>Creates the manager.</summary>
    /// <param name="db">The database.</param>
    /// <param name="clock">The clock for timestamps.</param>
    /// <param name="migrationsDirectory">Where migration files are written and read; null disables files.</param>
    public SchemaManager(IDatabase db, TimeProvider clock, string? migrationsDirectory)
    {
        _db = db;
        _clock = clock;
        MigrationsDirectory = migrationsDirectory;
    }

    /// <summary>Migrations written in C# by the app, run in name order together with migration files.</summary>
    public IReadOnlyList<Migrations.ICodeMigration> CodeMigrations { get; set; } = [];

    /// <summary>Gives code migrations record access; set by the engine.</summary>
    public Records.RecordService? Records { get; set; }

    /// <summary>The migrations directory, or null.</summary>
    public string? MigrationsDirectory { get; }

    /// <summary>The current schema.</summary>
    public SchemaSnapshot Current => _current;

    /// <summary>Validates a rule expression against a schema; returns an error message or null. Set by the records layer.</summary>
    public Func<SchemaSnapshot, Collection, string, string?>? RuleValidator { get; set; }

    /// <summary>
    /// Creates the system tables, the <c>_superusers</c> and <c>users</c> collections on first start, and loads the schema.
    /// </summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await _db.WriteAsync(async tx =>
        {
            await LockAsync(tx, cancellationToken);
            foreach (var sql in SystemTables.CreateStatements.Concat(_db.Dialect.StartupStatements))
            {
                await SqlText.ExecuteAsync(tx, sql, null, cancellationToken);
            }

            var existing = await LoadAsync(tx, cancellationToken);
            if (existing.Count == 0)
            {
                foreach (var c in new[] { CollectionDefaults.Superusers(), CollectionDefaults.Users() })
                {
                    c.Created = c.Updated = Now();
                    await SchemaDdl.ApplyAsync(tx, _db.Dialect, null, c, cancellationToken);
                    await UpsertRowAsync(tx, c, cancellationToken);
                }

                await RecordMigrationAsync(tx, "0_init", cancellationToken);
            }

            // Databases from before the auth system collections existed get them on their next start.
            foreach (var c in SystemCollections.All().Where(s => !existing.Any(e => string.Equals(e.Name, s.Name, StringComparison.OrdinalIgnoreCase))))
            {
                c.Created = c.Updated = Now();
                await SchemaDdl.ApplyAsync(tx, _db.Dialect, null, c, cancellationToken);
                await UpsertRowAsync(tx, c, cancellationToken);
            }

            return 0;
        }, cancellationToken);
        await ReloadAsync(cancellationToken);
    }

    /// <summary>Re-reads every definition from the database (e.g. after another node changed the schema).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        _current = new SchemaSnapshot(await LoadAsync(conn, null, cancellationToken));
    }

    /// <summary>Creates or updates a collection from a validated candidate.</summary>
    /// <param name="candidate">The new definition (its id decides create vs update).</param>
    /// <param name="writeMigration">Whether to write a migration file.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The stored definition.</returns>
    public Task<Collection> SaveAsync(Collection candidate, bool writeMigration = true, CancellationToken cancellationToken = default) =>
        SaveAsync(candidate, create: false, writeMigration, cancellationToken);

    /// <summary>Creates a new collection; a clash with an existing name or id is a 400, never an update.</summary>
    /// <param name="candidate">The new definition.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The stored definition.</returns>
    public Task<Collection> CreateAsync(Collection candidate, CancellationToken cancellationToken = default) =>
        SaveAsync(candidate, create: true, writeMigration: true, cancellationToken);

    /// <summary>Creates or updates a collection.</summary>
    /// <param name="candidate">The new definition.</param>
    /// <param name="create">True to create (a clash is a 400), false to update by id.</param>
    /// <param name="writeMigration">Whether to write a migration file.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The stored definition.</returns>
    public async Task<Collection> SaveAsync(Collection candidate, bool create, bool writeMigration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        MigrationFile? file = null;
        await _db.WriteAsync(async tx =>
        {
            await LockAsync(tx, cancellationToken);
            var all = await LoadAsync(tx, cancellationToken);
            var before = create ? null : all.FirstOrDefault(c => c.Id == candidate.Id);
            file = await SaveInTransactionAsync(tx, all, before, candidate, writeMigration, cancellationToken);
            return 0;
        }, cancellationToken);
        await AfterCommitAsync(file, cancellationToken);
        return _current.Find(candidate.Id) ?? candidate;
    }

    /// <summary>Deletes a collection (400 when it is a system collection or still referenced).</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public Task DeleteAsync(string idOrName, CancellationToken cancellationToken = default) =>
        DeleteAsync(idOrName, writeMigration: true, cancellationToken);

    /// <summary>Deletes a collection, optionally without writing a migration file.</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <param name="writeMigration">Whether to write a migration file.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task DeleteAsync(string idOrName, bool writeMigration, CancellationToken cancellationToken = default)
    {
        MigrationFile? file = null;
        await _db.WriteAsync(async tx =>
        {
            await LockAsync(tx, cancellationToken);
            var all = await LoadAsync(tx, cancellationToken);
            var target = new SchemaSnapshot(all).Find(idOrName) ?? throw StrataException.NotFound();
            file = await DeleteInTransactionAsync(tx, all, target, true, cancellationToken, writeMigration);
            return 0;
        }, cancellationToken);
        await AfterCommitAsync(writeMigration ? file : null, cancellationToken);
    }

    /// <summary>
    /// Imports many collections at once (contract §2.5): creates or updates each (matched by id, then name) and
    /// optionally deletes those not listed, all in one transaction.
    /// </summary>
    /// <param name="items">The collections to import.</param>
    /// <param name="deleteMissing">Delete non-system collections that are not in <paramref name="items"/>.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public async Task ImportAsync(IReadOnlyList<Collection> items, bool deleteMissing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var files = new List<MigrationFile>();
        await _db.WriteAsync(async tx =>
        {
            await LockAsync(tx, cancellationToken);
            var all = await LoadAsync(tx, cancellationToken);
            var errors = new ValidationErrors();
            // Relations may point at collections later in the list: create every new table first without them.
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var snapshot = new SchemaSnapshot(all);
                var before = (item.Id.Length > 0 ? snapshot.Find(item.Id) : null) ?? snapshot.Find(item.Name);
                if (before is not null && before.Id != item.Id && item.Id.Length > 0 && snapshot.Find(item.Id) is null)
                {
                    before = null;
                }

                if (before is not null)
                {
                    item.Id = before.Id;
                }

                try
                {
                    var file = await SaveInTransactionAsync(tx, all, before, item, true, cancellationToken);
                    if (file is not null)
                    {
                        files.Add(file);
                    }

                    all = await LoadAsync(tx, cancellationToken);
                }
                catch (StrataException e)
                {
                    errors.Add("collections." + i.ToString(CultureInfo.InvariantCulture),
                        new FieldError("validation_collections_import_failure", e.Message, new() { ["data"] = e.ErrorData.DeepClone() }));
                    errors.ThrowIfAny("Failed to import collections.");
                }
            }

            if (deleteMissing)
            {
                var keep = items.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                // Delete dependants first so relation checks pass.
                foreach (var c in all.Where(c => !c.System && !keep.Contains(c.Id)).ToList())
                {
                    var current = await LoadAsync(tx, cancellationToken);
                    var target = current.FirstOrDefault(x => x.Id == c.Id);
                    if (target is not null)
                    {
                        var file = await DeleteInTransactionAsync(tx, current, target, false, cancellationToken);
                        files.Add(file);
                    }
                }
            }

            return 0;
        }, cancellationToken);
        foreach (var f in files)
        {
            await WriteFileAsync(f, cancellationToken);
        }

        await ReloadAsync(cancellationToken);
    }

    /// <summary>Deletes every record of a base or auth collection.</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    public async Task TruncateAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        var c = _current.Find(idOrName) ?? throw StrataException.NotFound();
        if (c.Type == CollectionType.View)
        {
            throw StrataException.BadRequest("View collections cannot be truncated.");
        }

        await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx, "DELETE FROM " + _db.Dialect.Quote(c.Name), null, cancellationToken), cancellationToken);
    }

    private async Task<MigrationFile?> SaveInTransactionAsync(DbTransaction tx, IReadOnlyList<Collection> all, Collection? before, Collection candidate, bool writeMigration, CancellationToken cancellationToken)
    {
        CollectionStorage.CopySecrets(before, candidate);
        // Convenience: a relation may name its target collection; store the id, which survives renames.
        // The candidate is not validated yet and may clash with a stored collection by name, so it is matched on its
        // own rather than put into the snapshot (whose name index would throw on the clash).
        var snapshot = new SchemaSnapshot(all.Where(c => c.Id != candidate.Id));
        foreach (var rel in candidate.Fields.OfType<RelationField>())
        {
            if (rel.CollectionId == candidate.Id || string.Equals(rel.CollectionId, candidate.Name, StringComparison.OrdinalIgnoreCase))
            {
                rel.CollectionId = candidate.Id;
            }
            else if (snapshot.Find(rel.CollectionId) is { } target)
            {
                rel.CollectionId = target.Id;
            }
        }

        var future = new SchemaSnapshot(all.Where(c => c.Id != candidate.Id).Append(candidate));
        CollectionValidator.Validate(candidate, before, all, RuleValidator is null ? null : rule => RuleValidator(future, candidate, rule));
        var now = Now();
        candidate.Created = before?.Created is { Length: > 0 } created ? created : now;
        candidate.Updated = now;
        if (candidate.Type == CollectionType.View)
        {
            await ApplyViewAsync(tx, before, candidate, all, cancellationToken);
        }
        else
        {
            await SchemaDdl.ApplyAsync(tx, _db.Dialect, before, candidate, cancellationToken);
        }

        await UpsertRowAsync(tx, candidate, cancellationToken);
        if (!writeMigration)
        {
            return null;
        }

        var verb = before is null ? "created" : "updated";
        var file = new MigrationFile(FileName(verb, candidate.Name), $"{verb} {candidate.Name}", before, candidate);
        await RecordMigrationAsync(tx, file.Name, cancellationToken);
        return file;
    }

    private async Task ApplyViewAsync(DbTransaction tx, Collection? before, Collection view, IReadOnlyList<Collection> all, CancellationToken cancellationToken)
    {
        var query = view.ViewQuery.Trim().TrimEnd(';').Trim();
        if (query.Length == 0 || !query.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || query.Contains(';', StringComparison.Ordinal))
        {
            var errors = new ValidationErrors();
            errors.Add("viewQuery", new FieldError("validation_invalid_view_query", "The view query must be a single SELECT statement."));
            errors.ThrowIfAny(before is null ? "Failed to create collection." : "Failed to update collection.");
        }

        view.ViewQuery = query;
        try
        {
            await SchemaDdl.ApplyAsync(tx, _db.Dialect, before, view, cancellationToken);
        }
        catch (StrataException e)
        {
            var errors = new ValidationErrors();
            errors.Add("viewQuery", new FieldError("validation_invalid_view_query", e.Message));
            errors.ThrowIfAny(before is null ? "Failed to create collection." : "Failed to update collection.");
        }

        view.Fields = await ViewFields.DeriveAsync(tx, _db.Dialect, view, all, cancellationToken);
    }

    private async Task<MigrationFile> DeleteInTransactionAsync(DbTransaction tx, IReadOnlyList<Collection> all, Collection target, bool checkReferences, CancellationToken cancellationToken, bool recordMigration = true)
    {
        if (target.System)
        {
            throw StrataException.BadRequest("System collections cannot be deleted.");
        }

        var referencing = all.Where(c => c.Id != target.Id &&
            c.Fields.OfType<RelationField>().Any(f => f.CollectionId == target.Id)).Select(c => c.Name).ToList();
        if (checkReferences && referencing.Count > 0)
        {
            throw StrataException.BadRequest($"The collection is referenced by {string.Join(", ", referencing)}.");
        }

        await SchemaDdl.ApplyAsync(tx, _db.Dialect, target, null, cancellationToken);
        var p = new Filter.Sql.SqlParameters();
        await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Collections} WHERE id = {p.Add(target.Id)}", p, cancellationToken);
        var file = new MigrationFile(FileName("deleted", target.Name), "deleted " + target.Name, target, null);
        if (recordMigration)
        {
            await RecordMigrationAsync(tx, file.Name, cancellationToken);
        }

        return file;
    }

    private async Task AfterCommitAsync(MigrationFile? file, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            await WriteFileAsync(file, cancellationToken);
        }

        await ReloadAsync(cancellationToken);
    }

    private async Task WriteFileAsync(MigrationFile file, CancellationToken cancellationToken)
    {
        if (MigrationsDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(MigrationsDirectory);
        await File.WriteAllTextAsync(Path.Combine(MigrationsDirectory, file.Name), file.ToJson(), cancellationToken);
    }

    private async Task LockAsync(DbTransaction tx, CancellationToken cancellationToken)
    {
        if (_db.Dialect.SchemaLockStatement is { } sql)
        {
            await SqlText.ExecuteAsync(tx, sql, null, cancellationToken);
        }
    }

    private async Task UpsertRowAsync(DbTransaction tx, Collection c, CancellationToken cancellationToken)
    {
        var p = new Filter.Sql.SqlParameters();
        var definition = CollectionStorage.Serialize(c);
        await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Collections} WHERE id = {p.Add(c.Id)}", p, cancellationToken);
        p = new Filter.Sql.SqlParameters();
        await SqlText.ExecuteAsync(tx,
            $"INSERT INTO {SystemTables.Collections} (id, name, type, system, definition, created, updated) VALUES ({p.Add(c.Id)}, {p.Add(c.Name)}, {p.Add(c.Type.ToString().ToLowerInvariant())}, {p.Add(c.System)}, {p.Add(definition)}, {p.Add(c.Created)}, {p.Add(c.Updated)})",
            p, cancellationToken);
    }

    private static async Task RecordMigrationAsync(DbTransaction tx, string name, CancellationToken cancellationToken)
    {
        var p = new Filter.Sql.SqlParameters();
        await SqlText.ExecuteAsync(tx,
            $"INSERT INTO {SystemTables.Migrations} (file, applied) VALUES ({p.Add(name)}, {p.Add(DateTimeText.Now())})", p, cancellationToken);
    }

    private static Task<List<Collection>> LoadAsync(DbTransaction tx, CancellationToken cancellationToken) =>
        LoadAsync(tx.Connection!, tx, cancellationToken);

    private static async Task<List<Collection>> LoadAsync(DbConnection conn, DbTransaction? tx, CancellationToken cancellationToken)
    {
        var list = new List<Collection>();
        await using var cmd = SqlText.Command(conn, $"SELECT definition FROM {SystemTables.Collections} ORDER BY created, id", null, tx);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(CollectionStorage.Deserialize(reader.GetString(0)));
        }

        return list;
    }

    private string Now() => DateTimeText.Format(_clock.GetUtcNow());

    private string FileName(string verb, string name) =>
        $"{_clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}_{Guid.NewGuid().ToString("N")[..6]}_{verb}_{name}.json";
}
