namespace Strata.Core.Files;

/// <summary>
/// Blobs as files under a root directory (<c>&lt;dataDir&gt;/storage</c>): a key <c>a/b/c</c> is the file <c>root/a/b/c</c>.
/// Writes go to a temporary file that is renamed into place, so a reader sees the old or the new file, never half of one.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private readonly string _root;

    /// <summary>Creates the store.</summary>
    /// <param name="root">The root directory (created on first write).</param>
    public LocalBlobStore(string root) => _root = Path.GetFullPath(root);

    /// <inheritdoc />
    public string Kind => "local";

    /// <summary>The root directory.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
                await file.FlushAsync(cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <inheritdoc />
    public Task<Stream?> GetAsync(string key, BlobRange? range = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }

        if (range is null)
        {
            return Task.FromResult<Stream?>(file);
        }

        file.Seek(range.From, SeekOrigin.Begin);
        return Task.FromResult<Stream?>(new LimitedStream(file, range.Length));
    }

    /// <inheritdoc />
    public Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken = default)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? new BlobInfo(info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero)) : null);
    }

    /// <inheritdoc />
    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var dir = PathOf(prefix);
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Temporary files of writes in progress are not blobs yet.
            if (!Path.GetFileName(file).Contains(".tmp-", StringComparison.Ordinal))
            {
                yield return Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
            }
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.EndsWith('/'))
        {
            throw new ArgumentException("A prefix is a folder and ends with '/'.", nameof(prefix));
        }

        var dir = PathOf(prefix);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        BlobKeys.Check(key);
        var path = Path.GetFullPath(Path.Combine(_root, key.TrimEnd('/')));
        // Belt and braces after BlobKeys.Check: the resolved path must stay under the root.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unsafe blob key '{key}'.", nameof(key));
        }

        return path;
    }
}
