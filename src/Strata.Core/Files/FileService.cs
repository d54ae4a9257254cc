using System.Collections.Concurrent;
using Strata.Core.Hooks;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Settings;

namespace Strata.Core.Files;

/// <summary>
/// Record files: picks the blob store from the settings (local disk, or S3 when <c>s3.enabled</c>), writes a write's
/// uploads, deletes files once the write that dropped them has committed, and makes cached thumbnails.
/// </summary>
public sealed partial class FileService
{
    private readonly SettingsStore _settings;
    private readonly Func<S3Settings, IBlobStore>? _s3Factory;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _thumbsInFlight = new(StringComparer.Ordinal);
    private (S3Settings Settings, IBlobStore Store)? _s3;

    /// <summary>Creates the service.</summary>
    /// <param name="settings">The settings (read on every use, so a settings change switches new writes).</param>
    /// <param name="localRoot">The local storage root, <c>&lt;dataDir&gt;/storage</c>.</param>
    /// <param name="s3Factory">Makes an S3 store from the settings (Strata.S3); null when S3 is not available.</param>
    public FileService(SettingsStore settings, string localRoot, Func<S3Settings, IBlobStore>? s3Factory)
    {
        _settings = settings;
        Local = new LocalBlobStore(localRoot);
        _s3Factory = s3Factory;
    }

    /// <summary>The local-disk store.</summary>
    public LocalBlobStore Local { get; }

    /// <summary>Told about problems that do not fail a request (clean-up failures, libvips missing); the host logs them.</summary>
    public Action<string, Exception?>? Warning { get; set; }

    /// <summary>The store in use now: S3 when the settings enable it (and Strata.S3 is present), else local disk.</summary>
    public IBlobStore Store
    {
        get
        {
            var s3 = S3Settings.From(_settings.Current["s3"] as System.Text.Json.Nodes.JsonObject);
            if (!s3.Enabled || _s3Factory is null)
            {
                return Local;
            }

            var cached = _s3;
            if (cached is { } c && c.Settings == s3)
            {
                return c.Store;
            }

            var store = _s3Factory(s3);
            _s3 = (s3, store);
            return store;
        }
    }

    /// <summary>Writes a record's new uploads; each written key is added to <paramref name="written"/> first, so a rollback can remove it.</summary>
    /// <param name="record">The record being written (its id names the folder).</param>
    /// <param name="files">The uploads it keeps.</param>
    /// <param name="written">Collects (store, key) of what was written.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    public async Task StoreAsync(Record record, IReadOnlyList<PendingFile> files, ICollection<(IBlobStore Store, string Key)> written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(written);
        var store = Store;
        foreach (var file in files)
        {
            if (!ValueCast.AsList(record.Get(file.Field)).Contains(file.StoredName))
            {
                continue; // a hook dropped it
            }

            var key = BlobKeys.File(record.Collection.Id, record.Id, file.StoredName);
            written.Add((store, key));
            await using var content = file.Upload.Open();
            await store.PutAsync(key, content, file.Upload.MimeType, cancellationToken);
        }
    }

    /// <summary>
    /// The committed-change listener: a deleted record's folder goes, and so do files an update dropped (with their
    /// thumbnails). It runs after commit, so a rolled-back write never loses a file.
    /// </summary>
    /// <param name="change">The committed change.</param>
    /// <param name="cancellationToken">Cancels the clean-up.</param>
    public async Task OnCommittedAsync(RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var record = change.Record;
        var fileFields = record.Collection.Fields.OfType<FileField>().ToList();
        if (fileFields.Count == 0)
        {
            return;
        }

        var store = Store;
        var cid = record.Collection.Id;
        if (change.Action == RecordAction.Delete)
        {
            await store.DeletePrefixAsync(BlobKeys.RecordPrefix(cid, record.Id), cancellationToken);
            return;
        }

        if (change.Action != RecordAction.Update || change.Previous is null)
        {
            return;
        }

        foreach (var f in fileFields)
        {
            var kept = ValueCast.AsList(record.Get(f.Name)).ToHashSet(StringComparer.Ordinal);
            foreach (var name in ValueCast.AsList(change.Previous.Get(f.Name)).Where(n => !kept.Contains(n) && FileNames.IsValid(n)))
            {
                await store.DeleteAsync(BlobKeys.File(cid, record.Id, name), cancellationToken);
                await store.DeletePrefixAsync(BlobKeys.ThumbPrefix(cid, record.Id, name), cancellationToken);
            }
        }
    }

    /// <summary>Deletes blobs a rolled-back write had stored (best effort: failures are reported, not thrown).</summary>
    /// <param name="written">What the write stored.</param>
    public async Task DiscardAsync(IEnumerable<(IBlobStore Store, string Key)> written)
    {
        ArgumentNullException.ThrowIfNull(written);
        foreach (var (store, key) in written)
        {
            try
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException or InvalidOperationException)
            {
                Warning?.Invoke($"Could not delete {key} after a failed write; it is an orphan.", e);
            }
        }
    }

    /// <summary>The file field of a record that currently holds <paramref name="name"/>, or null.</summary>
    /// <param name="record">The record.</param>
    /// <param name="name">The file name.</param>
    public static FileField? FieldHolding(Record record, string name)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Collection.Fields.OfType<FileField>().FirstOrDefault(f => ValueCast.AsList(record.Get(f.Name)).Contains(name));
    }
}
