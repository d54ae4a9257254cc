using System.Text;

namespace Strata.Core.Files;

/// <summary>
/// Detects a file's type from its first bytes (magic numbers), never from its name or the client's content type, so
/// a field's <c>mimeTypes</c> list cannot be bypassed by renaming a file.
/// </summary>
public static class MimeSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int HeadLength = 512;

    /// <summary>The type of unrecognised binary content.</summary>
    public const string Binary = "application/octet-stream";

    private static readonly (string Mime, string Ext)[] Types =
    [
        ("image/png", ".png"), ("image/jpeg", ".jpg"), ("image/gif", ".gif"), ("image/webp", ".webp"), ("image/bmp", ".bmp"),
        ("image/x-icon", ".ico"), ("image/tiff", ".tiff"), ("image/svg+xml", ".svg"), ("application/pdf", ".pdf"),
        ("application/zip", ".zip"), ("application/gzip", ".gz"), ("video/mp4", ".mp4"), ("video/quicktime", ".mov"),
        ("video/webm", ".webm"), ("audio/ogg", ".ogg"), ("audio/mpeg", ".mp3"), ("audio/flac", ".flac"), ("audio/wav", ".wav"),
        ("video/x-msvideo", ".avi"), ("text/plain; charset=utf-8", ".txt"), (Binary, ""),
    ];

    /// <summary>The MIME type of content starting with <paramref name="head"/>.</summary>
    /// <param name="head">The first bytes (up to <see cref="HeadLength"/>).</param>
    public static string Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var kind = head[8..12];
            if (kind.SequenceEqual("WEBP"u8))
            {
                return "image/webp";
            }

            if (kind.SequenceEqual("WAVE"u8))
            {
                return "audio/wav";
            }

            if (kind.SequenceEqual("AVI "u8))
            {
                return "video/x-msvideo";
            }
        }

        return DetectOther(head);
    }

    /// <summary>The base type without parameters: <c>text/plain; charset=utf-8</c> gives <c>text/plain</c>.</summary>
    /// <param name="mime">A MIME type.</param>
    public static string BaseType(string mime)
    {
        ArgumentNullException.ThrowIfNull(mime);
        var semi = mime.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? mime : mime[..semi]).Trim().ToLowerInvariant();
    }

    /// <summary>The usual extension (with its dot) of a detected type, or "" when there is none.</summary>
    /// <param name="mime">A type <see cref="Detect"/> returned.</param>
    public static string ExtensionOf(string mime) => Types.FirstOrDefault(t => t.Mime == mime).Ext ?? "";

    /// <summary>
    /// The type to serve a stored file with: the detected one, except for text formats that only the name tells apart
    /// (<c>.svg</c>, <c>.css</c>, <c>.js</c>) as the contract lists.
    /// </summary>
    /// <param name="head">The first bytes.</param>
    /// <param name="fileName">The stored name.</param>
    public static string ForServing(ReadOnlySpan<byte> head, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            ".svg" => "image/svg+xml",
            ".css" => "text/css; charset=utf-8",
            ".js" or ".mjs" => "text/javascript; charset=utf-8",
            _ => Detect(head),
        };
    }

    private static string DetectOther(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("BM"u8) && head.Length >= 14)
        {
            return "image/bmp";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0, 0, 1, 0]) && head.Length >= 6)
        {
            return "image/x-icon";
        }

        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return "image/tiff";
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return "application/zip";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return "application/gzip";
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return "video/webm";
        }

        if (head.StartsWith("OggS"u8))
        {
            return "audio/ogg";
        }

        if (head.StartsWith("fLaC"u8))
        {
            return "audio/flac";
        }

        if (head.StartsWith("ID3"u8) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFB]))
        {
            return "audio/mpeg";
        }

        return DetectText(head);
    }

    private static string DetectText(ReadOnlySpan<byte> head)
    {
        if (head.Length == 0)
        {
            return "text/plain; charset=utf-8";
        }

        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                return Binary;
            }
        }

        // The head may cut a multi-byte character: allow up to 3 trailing bytes of an incomplete sequence.
        var utf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var cut = 0; cut <= Math.Min(3, head.Length - 1); cut++)
        {
            try
            {
                var text = utf8.GetString(head[..^cut]);
                var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
                if (trimmed.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) ||
                    (trimmed.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) && trimmed.Contains("<svg", StringComparison.OrdinalIgnoreCase)))
                {
                    return "image/svg+xml";
                }

                return "text/plain; charset=utf-8";
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return Binary;
    }
}
