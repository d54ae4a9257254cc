using System.Data.Common;
using Strata.Core.Migrations;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

public sealed partial class SchemaManager
{
    /// <summary>Every migration file and every applied migration, in order.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<IReadOnlyList<MigrationStatus>> MigrationStatusAsync(CancellationToken cancellationToken = default)
    {
        var applied = await AppliedAsync(cancellationToken);
        var names = new SortedSet<string>(applied.Keys, StringComparer.Ordinal);
        foreach (var f in Files())
        {
            names.Add(Path.GetFileName(f));
        }

        foreach (var m in CodeMigrations)
        {
            names.Add(m.Name);
        }

        return [.. names.Select(n => new MigrationStatus(n, applied.GetValueOrDefault(n)))];
    }

    /// <summary>Applies every migration file not yet applied, in name order, each in its own transaction.</summary>
    /// <param name="progress">Told the name of each file as it is applied.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    /// <returns>The files applied.</returns>
    public async Task<IReadOnlyList<string>> MigrateUpAsync(IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var applied = await AppliedAsync(cancellationToken);
        var done = new List<string>();
        var code = CodeMigrations.ToDictionary(m => m.Name, StringComparer.Ordinal);
        foreach (var path in Files().Concat(code.Keys).OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (applied.ContainsKey(name))
            {
                continue;
            }

            progress?.Report(name);
            if (code.TryGetValue(name, out var migration))
            {
                // Each schema change inside runs in its own transaction; the record marks the whole migration as done.
                await migration.UpAsync(new MigrationContext(this, Records), cancellationToken);
                await _db.WriteAsync(async tx =>
                {
                    await RecordMigrationAsync(tx, name, cancellationToken);
                    return 0;
                }, cancellationToken);
                done.Add(name);
                await ReloadAsync(cancellationToken);
                continue;
            }

            var file = MigrationFile.Parse(name, await File.ReadAllTextAsync(path, cancellationToken));
            await _db.WriteAsync(async tx =>
            {
                await LockAsync(tx, cancellationToken);
                await ApplySnapshotAsync(tx, file.Before, file.After, cancellationToken);
                await RecordMigrationAsync(tx, name, cancellationToken);
                return 0;
            }, cancellationToken);
            done.Add(name);
        }

        await ReloadAsync(cancellationToken);
        return done;
    }

    /// <summary>Reverts the last <paramref name="count"/> applied migration files (newest first).</summary>
    /// <param name="count">How many to revert.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    /// <returns>The files reverted.</returns>
    public async Task<IReadOnlyList<string>> MigrateDownAsync(int count = 1, CancellationToken cancellationToken = default)
    {
        var applied = await AppliedAsync(cancellationToken);
        var files = Files().ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);
        var code = CodeMigrations.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var done = new List<string>();
        foreach (var name in applied.Keys.Where(n => files.ContainsKey(n) || code.ContainsKey(n)).OrderDescending(StringComparer.Ordinal).Take(count))
        {
            if (code.TryGetValue(name, out var migration))
            {
                await migration.DownAsync(new MigrationContext(this, Records), cancellationToken);
                await _db.WriteAsync(async tx =>
                {
                    var p = new SqlParameters();
                    await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Migrations} WHERE file = {p.Add(name)}", p, cancellationToken);
                    return 0;
                }, cancellationToken);
                done.Add(name);
                await ReloadAsync(cancellationToken);
                continue;
            }

            var file = MigrationFile.Parse(name, await File.ReadAllTextAsync(files[name]!, cancellationToken));
            await _db.WriteAsync(async tx =>
            {
                await LockAsync(tx, cancellationToken);
                await ApplySnapshotAsync(tx, file.After, file.Before, cancellationToken);
                var p = new SqlParameters();
                await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Migrations} WHERE file = {p.Add(name)}", p, cancellationToken);
                return 0;
            }, cancellationToken);
            done.Add(name);
        }

        await ReloadAsync(cancellationToken);
        return done;
    }

    private async Task ApplySnapshotAsync(DbTransaction tx, Collection? from, Collection? to, CancellationToken cancellationToken)
    {
        var all = await LoadAsync(tx, cancellationToken);
        var id = to?.Id ?? from?.Id;
        var current = all.FirstOrDefault(c => c.Id == id);
        if (to is null)
        {
            if (current is not null)
            {
                await SchemaDdl.ApplyAsync(tx, _db.Dialect, current, null, cancellationToken);
                var p = new SqlParameters();
                await SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Collections} WHERE id = {p.Add(current.Id)}", p, cancellationToken);
            }

            return;
        }

        // Files carry no secrets: keep the stored ones, or mint new ones for a new collection.
        CollectionStorage.CopySecrets(current, to);
        to.Created = current?.Created is { Length: > 0 } c ? c : Now();
        to.Updated = Now();
        await SchemaDdl.ApplyAsync(tx, _db.Dialect, current, to, cancellationToken);
        await UpsertRowAsync(tx, to, cancellationToken);
    }

    private async Task<Dictionary<string, string>> AppliedAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, $"SELECT file, applied FROM {SystemTables.Migrations}");
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }

    private IEnumerable<string> Files() =>
        MigrationsDirectory is not null && Directory.Exists(MigrationsDirectory)
            ? Directory.GetFiles(MigrationsDirectory, "*.json").Order(StringComparer.Ordinal)
            : [];
}
