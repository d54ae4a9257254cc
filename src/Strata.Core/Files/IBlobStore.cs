namespace Strata.Core.Files;

/// <summary>
/// Where uploaded files live: a flat key space of <c>/</c>-separated keys (<c>collectionId/recordId/file</c>). Local disk
/// and S3-compatible storage implement it; the file service picks one from the settings at run time.
/// </summary>
public interface IBlobStore
{
    /// <summary>A short name for logs and errors (<c>local</c>, <c>s3</c>).</summary>
    string Kind { get; }

    /// <summary>Writes (or replaces) a blob. Readers never see a half-written blob.</summary>
    /// <param name="key">The key.</param>
    /// <param name="content">The content, read to its end.</param>
    /// <param name="contentType">The content type to record where the store keeps one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading, whole or a byte range; null when it does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="range">The bytes to read, or null for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<Stream?> GetAsync(string key, BlobRange? range = null, CancellationToken cancellationToken = default);

    /// <summary>Size and time of a blob, or null when it does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<BlobInfo?> StatAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>True when the blob exists.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>The keys that start with <paramref name="prefix"/>, in no particular order.</summary>
    /// <param name="prefix">The prefix; must end with <c>/</c>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob; a missing blob is not an error.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every blob whose key starts with <paramref name="prefix"/> (a folder such as <c>col/rec/</c>).</summary>
    /// <param name="prefix">The prefix; must end with <c>/</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
