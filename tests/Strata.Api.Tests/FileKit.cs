using System.Buffers.Binary;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Files;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Helpers for the file tests: real images, multipart requests, image sizes read from the bytes, storage checks.</summary>
internal static class FileKit
{
    public const string Docs = "/api/collections/docs/records";

    /// <summary>One multipart part: text when <paramref name="Content"/> is null, else a file.</summary>
    public sealed record Part(string Name, string Value, byte[]? Content = null)
    {
        public static Part Text(string name, string value) => new(name, value);

        public static Part File(string name, string fileName, byte[] content) => new(name, fileName, content);
    }

    /// <summary>The response of a request: status, headers, raw bytes and the JSON body when there is one.</summary>
    public sealed record Reply(int Status, HttpResponseMessage Message, byte[] Bytes)
    {
        public string Text => Encoding.UTF8.GetString(Bytes);

        public JsonNode? Json => Bytes.Length > 0 && Bytes[0] == (byte)'{' ? JsonNode.Parse(Bytes) : null;

        public string Header(string name) =>
            Message.Headers.TryGetValues(name, out var v) || Message.Content.Headers.TryGetValues(name, out v) ? string.Join(",", v) : "";

        public Reply Expect(int status)
        {
            Blog.Check(Status == status, $"expected status {status}, got {Status}: {Text}");
            return this;
        }
    }

    /// <summary>The test collection: text, single file, multi file (max 3, 1000 bytes), images (PNG/JPEG, thumbs), protected.</summary>
    public static async Task SetupAsync(TestApp app, string? viewRule = "", string? createRule = "")
    {
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "docs",
            listRule = "",
            viewRule,
            createRule,
            updateRule = "",
            deleteRule = "",
            fields = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "one", type = "file", maxSelect = 1 },
                new { name = "many", type = "file", maxSelect = 3, maxSize = 1000 },
                new { name = "images", type = "file", maxSelect = 2, mimeTypes = new[] { "image/png", "image/jpeg" }, thumbs = new[] { "50x50", "40x0", "0x40", "60x30t", "60x30b", "60x30f", "300x300f" } },
                new { name = "secret", type = "file", maxSelect = 1, @protected = true },
            },
            indexes = new[] { "CREATE UNIQUE INDEX idx_docs_title ON docs (title) WHERE title != ''" },
        });
    }

    public static async Task<Reply> SendAsync(TestApp app, string method, string url, IEnumerable<Part> parts, string? auth = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url.TrimStart('/'));
        var form = new MultipartFormDataContent();
        foreach (var p in parts)
        {
            if (p.Content is null)
            {
                form.Add(new StringContent(p.Value), p.Name);
            }
            else
            {
                var file = new ByteArrayContent(p.Content);
                // A lying client type: the server must look at the bytes.
                file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                form.Add(file, p.Name, p.Value);
            }
        }

        request.Content = form;
        return await SendAsync(app, request, auth);
    }

    public static async Task<Reply> GetAsync(TestApp app, string url, string? auth = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.TrimStart('/'));
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        return await SendAsync(app, request, auth);
    }

    public static async Task<Reply> SendAsync(TestApp app, HttpRequestMessage request, string? auth)
    {
        if (auth is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth == "superuser" ? await app.SuperuserTokenAsync() : auth);
        }

        var response = await app.Client.SendAsync(request);
        return new Reply((int)response.StatusCode, response, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>Creates a docs record as the superuser with the given parts.</summary>
    public static async Task<JsonNode> CreateAsync(TestApp app, params Part[] parts) =>
        (await SendAsync(app, "POST", Docs, parts, "superuser")).Expect(200).Json!;

    public static string FileUrl(JsonNode record, string name) => $"/api/files/{record["collectionId"]}/{record["id"]}/{Uri.EscapeDataString(name)}";

    public static string Name(JsonNode record, string field, int index = 0) =>
        record[field] is JsonArray a ? a[index]!.GetValue<string>() : record[field]!.GetValue<string>();

    public static List<string> Names(JsonNode record, string field) =>
        record[field] is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [record[field]!.GetValue<string>()];

    /// <summary>True when the store in use holds the record's file (works for local disk and S3).</summary>
    public static Task<bool> StoredAsync(TestApp app, JsonNode record, string name) =>
        app.Engine.Files.Store.ExistsAsync(BlobKeys.File(record["collectionId"]!.GetValue<string>(), record["id"]!.GetValue<string>(), name));

    /// <summary>Polls until a condition holds: clean-up runs after commit, alongside the response.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Blog.Check(false, what);
    }

    /// <summary>A real RGB PNG of the given size (a gradient, so crops differ).</summary>
    public static byte[] Png(int width, int height)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                raw.WriteByte((byte)(x * 255 / Math.Max(1, width - 1)));
                raw.WriteByte((byte)(y * 255 / Math.Max(1, height - 1)));
                raw.WriteByte(128);
            }
        }

        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A real JPEG made from a PNG by libvips.</summary>
    public static byte[] Jpeg(int width, int height) =>
        VipsThumbnailer.Thumbnail(Png(width, height), new ThumbSize(width, height, 'f'), ".jpg");

    /// <summary>The pixel size written in a PNG, JPEG or GIF header.</summary>
    public static (int Width, int Height) ImageSize(byte[] b)
    {
        if (b.Length > 24 && b[0] == 0x89 && b[1] == (byte)'P')
        {
            return (BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(b.AsSpan(20)));
        }

        if (b.Length > 10 && b[0] == (byte)'G' && b[1] == (byte)'I')
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(6)), BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(8)));
        }

        if (b.Length > 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            var i = 2;
            while (i + 9 < b.Length)
            {
                if (b[i] != 0xFF)
                {
                    i++;
                    continue;
                }

                var marker = b[i + 1];
                var len = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return (BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 7)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 5)));
                }

                i += 2 + len;
            }
        }

        throw new InvalidOperationException("not a PNG, GIF or JPEG: " + Convert.ToHexString(b.AsSpan(0, Math.Min(8, b.Length))));
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(body));
        s.Write(crc);
    }

    private static uint Crc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
