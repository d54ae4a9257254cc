namespace Strata.Core.Files;

/// <summary>One uploaded file part of a multipart body.</summary>
public sealed class FileUpload
{
    private readonly Func<Stream> _open;
    private string? _mime;

    /// <summary>Creates an upload.</summary>
    /// <param name="key">The form key it came under (<c>field</c>, <c>field+</c> or <c>+field</c>).</param>
    /// <param name="fileName">The client's file name.</param>
    /// <param name="length">Its size in bytes.</param>
    /// <param name="open">Opens its content (may be called more than once).</param>
    public FileUpload(string key, string fileName, long length, Func<Stream> open)
    {
        Key = key;
        FileName = fileName;
        Length = length;
        _open = open;
    }

    /// <summary>The form key.</summary>
    public string Key { get; }

    /// <summary>The client's file name.</summary>
    public string FileName { get; }

    /// <summary>The size in bytes.</summary>
    public long Length { get; }

    /// <summary>The type detected from the content's first bytes.</summary>
    public string MimeType
    {
        get
        {
            if (_mime is null)
            {
                using var s = _open();
                var head = new byte[MimeSniffer.HeadLength];
                var n = 0;
                int read;
                while (n < head.Length && (read = s.Read(head, n, head.Length - n)) > 0)
                {
                    n += read;
                }

                _mime = MimeSniffer.Detect(head.AsSpan(0, n));
            }

            return _mime;
        }
    }

    /// <summary>The same upload under another form key (batch parts arrive as <c>requests.N.field</c>).</summary>
    /// <param name="key">The new key.</param>
    public FileUpload WithKey(string key) => new(key, FileName, Length, _open) { _mime = _mime };

    /// <summary>Opens the content.</summary>
    public Stream Open() => _open();

    /// <summary>An upload of in-memory bytes (server code, tests).</summary>
    /// <param name="key">The form key.</param>
    /// <param name="fileName">The file name.</param>
    /// <param name="content">The bytes.</param>
    public static FileUpload FromBytes(string key, string fileName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new FileUpload(key, fileName, content.Length, () => new MemoryStream(content, writable: false));
    }
}
