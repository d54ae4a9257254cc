namespace Strata.Core.Files;

/// <summary>
/// Builds and checks blob keys. Keys come from ids and generated file names, never raw client text, but every store
/// still refuses a key that could climb out of its root.
/// </summary>
public static class BlobKeys
{
    /// <summary>The key of a record's file: <c>collectionId/recordId/name</c>.</summary>
    /// <param name="collectionId">The collection id.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="name">The stored file name.</param>
    public static string File(string collectionId, string recordId, string name) => $"{collectionId}/{recordId}/{name}";

    /// <summary>The folder of a record's files: <c>collectionId/recordId/</c>.</summary>
    /// <param name="collectionId">The collection id.</param>
    /// <param name="recordId">The record id.</param>
    public static string RecordPrefix(string collectionId, string recordId) => $"{collectionId}/{recordId}/";

    /// <summary>The folder of a file's cached thumbnails: <c>collectionId/recordId/thumbs_name/</c>.</summary>
    /// <param name="collectionId">The collection id.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="name">The stored file name.</param>
    public static string ThumbPrefix(string collectionId, string recordId, string name) => $"{collectionId}/{recordId}/thumbs_{name}/";

    /// <summary>The key of a cached thumbnail: <c>collectionId/recordId/thumbs_name/size_name</c>.</summary>
    /// <param name="collectionId">The collection id.</param>
    /// <param name="recordId">The record id.</param>
    /// <param name="name">The stored file name.</param>
    /// <param name="size">The thumb size, e.g. <c>100x100</c>.</param>
    public static string Thumb(string collectionId, string recordId, string name, string size) =>
        ThumbPrefix(collectionId, recordId, name) + size + "_" + name;

    /// <summary>Throws unless every segment is non-empty, not <c>.</c>/<c>..</c> and free of <c>\</c> and NUL.</summary>
    /// <param name="key">The key (a trailing <c>/</c> is allowed for prefixes).</param>
    /// <exception cref="ArgumentException">The key is unsafe.</exception>
    public static void Check(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var trimmed = key.EndsWith('/') ? key[..^1] : key;
        if (trimmed.Length == 0 || trimmed.Length > 1024 || trimmed.Contains('\\', StringComparison.Ordinal) || trimmed.Contains('\0', StringComparison.Ordinal) ||
            trimmed.Split('/').Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            throw new ArgumentException($"Unsafe blob key '{key}'.", nameof(key));
        }
    }
}
