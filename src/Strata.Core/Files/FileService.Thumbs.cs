using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Files;

public sealed partial class FileService
{
    private static readonly HashSet<string> ThumbableTypes = new(StringComparer.Ordinal) { "image/png", "image/jpeg", "image/gif", "image/webp" };
    private int _vipsMissingLogged;

    /// <summary>
    /// The key of the thumbnail to serve for <paramref name="thumb"/>, made and cached on first use; null when the
    /// original should be served instead (size not allowed, not an image, libvips missing or failing), as §5.2 says.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="field">The file field holding the file.</param>
    /// <param name="name">The stored file name.</param>
    /// <param name="thumb">The requested size.</param>
    /// <param name="originalMime">The original's detected type.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<string?> ThumbAsync(Record record, FileField field, string name, string thumb, string originalMime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(field);
        if (ThumbSize.Parse(thumb) is not { } size || (thumb != "100x100" && !field.Thumbs.Contains(thumb)) ||
            !ThumbableTypes.Contains(MimeSniffer.BaseType(originalMime)))
        {
            return null;
        }

        if (!VipsThumbnailer.IsAvailable)
        {
            if (Interlocked.Exchange(ref _vipsMissingLogged, 1) == 0)
            {
                Warning?.Invoke("libvips (Debian package libvips42) is not installed: thumbnails are served as the original files.", null);
            }

            return null;
        }

        var store = Store;
        var key = BlobKeys.Thumb(record.Collection.Id, record.Id, name, thumb);
        if (await store.ExistsAsync(key, cancellationToken))
        {
            return key;
        }

        // Concurrent first requests share one generation; the store's writes are atomic, so another node racing on the
        // same key writes the same bytes and readers never see a partial thumb.
        var work = _thumbsInFlight.GetOrAdd(key, k => new Lazy<Task>(() =>
            MakeThumbAsync(store, BlobKeys.File(record.Collection.Id, record.Id, name), k, size, originalMime)));
        try
        {
            await work.Value.WaitAsync(cancellationToken);
            return key;
        }
        catch (InvalidOperationException e)
        {
            Warning?.Invoke($"Thumbnail {thumb} of {name} failed; serving the original.", e);
            return null;
        }
        finally
        {
            _thumbsInFlight.TryRemove(new KeyValuePair<string, Lazy<Task>>(key, work));
        }
    }

    private static async Task MakeThumbAsync(IBlobStore store, string originalKey, string key, ThumbSize size, string originalMime)
    {
        byte[] original;
        await using (var s = await store.GetAsync(originalKey) ?? throw new InvalidOperationException("The original is gone."))
        {
            using var buffer = new MemoryStream();
            await s.CopyToAsync(buffer);
            original = buffer.ToArray();
        }

        // Same format as the input for JPEG and GIF; everything else (WebP included) becomes PNG (§5.2).
        var (suffix, mime) = MimeSniffer.BaseType(originalMime) switch
        {
            "image/jpeg" => (".jpg", "image/jpeg"),
            "image/gif" => (".gif", "image/gif"),
            _ => (".png", "image/png"),
        };
        byte[] thumb;
        try
        {
            thumb = await Task.Run(() => VipsThumbnailer.Thumbnail(original, size, suffix));
        }
        catch (InvalidOperationException) when (suffix == ".gif")
        {
            // libvips builds without a GIF writer still read GIFs: fall back to PNG.
            (thumb, mime) = (await Task.Run(() => VipsThumbnailer.Thumbnail(original, size, ".png")), "image/png");
        }

        using var content = new MemoryStream(thumb, writable: false);
        await store.PutAsync(key, content, mime);
    }
}
