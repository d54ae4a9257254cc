using System.Text;
using System.Text.RegularExpressions;
using Strata.Core.Files;
using Xunit;

namespace Strata.Core.Tests.Files;

/// <summary>Stored names (contract §5.4) and type detection from the bytes.</summary>
public sealed class FileNamesTests
{
    [Theory]
    [InlineData("My Photo.PNG", "image/png", "^my_photo_[a-z0-9]{10}\\.PNG$")]
    [InlineData("MyPhoto.jpg", "image/jpeg", "^my_photo_[a-z0-9]{10}\\.jpg$")]
    [InlineData("report.tar.gz", "application/gzip", "^report_[a-z0-9]{10}\\.tar\\.gz$")]
    [InlineData("no_extension", "image/png", "^no_extension_[a-z0-9]{10}\\.png$")]
    [InlineData("C:\\Users\\me\\Desktop\\cv.pdf", "application/pdf", "^cv[a-z0-9]{5}_[a-z0-9]{10}\\.pdf$")]
    [InlineData("../../etc/passwd", "text/plain; charset=utf-8", "^passwd_[a-z0-9]{10}\\.txt$")]
    [InlineData("", "application/octet-stream", "^[a-z0-9]{5}_[a-z0-9]{10}$")]
    [InlineData("Ünïcödé файл.txt", "text/plain; charset=utf-8", "^n_c_d_[a-z0-9]{10}\\.txt$")]
    [InlineData("x.a<b>c", "application/octet-stream", "^x[a-z0-9]{5}_[a-z0-9]{10}\\.abc$")]
    public void Generated_names_follow_the_contract(string original, string mime, string pattern)
    {
        var name = FileNames.Generate(original, mime);
        Assert.Matches(new Regex(pattern), name);
        Assert.True(FileNames.IsValid(name), name);
    }

    [Fact]
    public void Long_names_and_extensions_are_cut()
    {
        var name = FileNames.Generate(new string('a', 500) + "." + new string('b', 100), "application/octet-stream");
        Assert.True(name.Length <= FileNames.MaxLength, name);
        Assert.StartsWith(new string('a', 100) + "_", name, StringComparison.Ordinal);
        Assert.EndsWith(new string('b', 19), name, StringComparison.Ordinal);
        Assert.True(FileNames.IsValid(name));
    }

    [Theory]
    [InlineData("ok_1234567890.png", true)]
    [InlineData("../x", false)]
    [InlineData(".hidden", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("", false)]
    [InlineData("sp ace.png", false)]
    public void Stored_name_check(string name, bool valid) => Assert.Equal(valid, FileNames.IsValid(name));

    public static TheoryData<byte[], string> Heads() => new()
    {
        { [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "image/png" },
        { [0xFF, 0xD8, 0xFF, 0xE0, 0, 0], "image/jpeg" },
        { Encoding.ASCII.GetBytes("GIF89a......"), "image/gif" },
        { Encoding.ASCII.GetBytes("RIFF\0\0\0\0WEBPVP8 "), "image/webp" },
        { Encoding.ASCII.GetBytes("%PDF-1.7\n"), "application/pdf" },
        { Encoding.ASCII.GetBytes("PK\x03\x04rest"), "application/zip" },
        { [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2'], "video/mp4" },
        { Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "image/svg+xml" },
        { Encoding.UTF8.GetBytes("plain text, ünïcode\n"), "text/plain; charset=utf-8" },
        { [0x00, 0x01, 0x02, 0xFE], "application/octet-stream" },
        { [(byte)'a', (byte)'b', 0xC3], "text/plain; charset=utf-8" }, // a character cut by the 512-byte head
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void Types_come_from_the_bytes(byte[] head, string mime) => Assert.Equal(mime, MimeSniffer.Detect(head));

    [Theory]
    [InlineData("100x100", 100, 100, 'c')]
    [InlineData("0x50", 0, 50, 'c')]
    [InlineData("50x0", 50, 0, 'c')]
    [InlineData("30x20t", 30, 20, 't')]
    [InlineData("30x20b", 30, 20, 'b')]
    [InlineData("30x20f", 30, 20, 'f')]
    public void Thumb_sizes_parse(string text, int w, int h, char mode) => Assert.Equal(new ThumbSize(w, h, mode), ThumbSize.Parse(text));

    [Theory]
    [InlineData("0x0")]
    [InlineData("10x")]
    [InlineData("10x10z")]
    [InlineData("-1x10")]
    [InlineData("999999x1")]
    public void Bad_thumb_sizes_do_not_parse(string text) => Assert.Null(ThumbSize.Parse(text));
}
