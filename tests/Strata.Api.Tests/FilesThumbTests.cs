using System.Text;
using static Strata.Api.Tests.FileKit;

namespace Strata.Api.Tests;

/// <summary>Thumbnails (contract §5.2) made with libvips: every size form, measured on the returned image's own header.</summary>
public sealed class FilesThumbTests
{
    private static async Task<(int W, int H, Reply Reply)> ThumbAsync(Strata.Testing.TestApp app, System.Text.Json.Nodes.JsonNode r, string thumb)
    {
        var got = (await GetAsync(app, FileUrl(r, Name(r, "images")) + "?thumb=" + thumb)).Expect(200);
        var (w, h) = ImageSize(got.Bytes);
        return (w, h, got);
    }

    private static FileCase Size(string thumb, int w, int h, int expectW, int expectH) =>
        new($"{thumb} of a {w}x{h} PNG is {expectW}x{expectH}", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "pic.png", Png(w, h)));
            var (gw, gh, reply) = await ThumbAsync(app, r, thumb);
            Blog.Check((gw, gh) == (expectW, expectH), $"{thumb}: got {gw}x{gh}");
            Blog.Check(reply.Header("Content-Type") == "image/png", "PNG stays PNG");
            var cached = (ThumbSizeListed(thumb) || thumb == "100x100") && (expectW, expectH) != (w, h);
            if (cached)
            {
                Blog.Check(reply.Header("Content-Disposition") == $"inline; filename={thumb}_{Name(r, "images")}", reply.Header("Content-Disposition"));
                var key = Strata.Core.Files.BlobKeys.Thumb(r["collectionId"]!.GetValue<string>(), r["id"]!.GetValue<string>(), Name(r, "images"), thumb);
                Blog.Check(await app.Engine.Files.Store.ExistsAsync(key), "cached at " + key);
            }
        });

    private static bool ThumbSizeListed(string thumb) => thumb is "50x50" or "40x0" or "0x40" or "60x30t" or "60x30b" or "60x30f" or "300x300f";

    public static TheoryData<FileCase> Cases() =>
    [
        Size("100x100", 200, 100, 100, 100),
        Size("50x50", 200, 100, 50, 50),
        Size("60x30t", 100, 200, 60, 30),
        Size("60x30b", 100, 200, 60, 30),
        Size("60x30f", 200, 200, 30, 30),
        Size("300x300f", 200, 100, 200, 100),
        Size("40x0", 200, 100, 40, 20),
        Size("0x40", 200, 100, 80, 40),
        Size("70x70", 200, 100, 200, 100),
        Size("0x0", 200, 100, 200, 100),
        Size("junk", 200, 100, 200, 100),
        new FileCase("t and b crop different ends of a tall image", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "tall.png", Png(60, 300)));
            var top = (await ThumbAsync(app, r, "60x30t")).Reply.Bytes;
            var bottom = (await ThumbAsync(app, r, "60x30b")).Reply.Bytes;
            Blog.Check(!top.SequenceEqual(bottom), "top and bottom crops differ");
        }),
        new FileCase("a JPEG thumb is a JPEG", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "photo.jpg", Jpeg(120, 80)));
            var (w, h, reply) = await ThumbAsync(app, r, "50x50");
            Blog.Check((w, h) == (50, 50), $"got {w}x{h}");
            Blog.Check(reply.Header("Content-Type") == "image/jpeg" && reply.Bytes[0] == 0xFF && reply.Bytes[1] == 0xD8, "JPEG out");
        }),
        new FileCase("a thumb of a non-image serves the original", async app =>
        {
            var r = await CreateAsync(app, Part.File("one", "notes.txt", Encoding.UTF8.GetBytes("not an image")));
            var got = (await GetAsync(app, FileUrl(r, Name(r, "one")) + "?thumb=100x100")).Expect(200);
            Blog.Check(got.Text == "not an image", got.Text);
        }),
        new FileCase("concurrent first requests for one thumb all get the same valid image", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "pic.png", Png(400, 300)));
            var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => ThumbAsync(app, r, "50x50")));
            Blog.Check(replies.All(x => (x.W, x.H) == (50, 50)), "all 50x50");
            Blog.Check(replies.All(x => x.Reply.Bytes.SequenceEqual(replies[0].Reply.Bytes)), "identical bytes");
            var again = await ThumbAsync(app, r, "50x50");
            Blog.Check(again.Reply.Bytes.SequenceEqual(replies[0].Reply.Bytes), "the cached thumb is served later");
        }),
        new FileCase("replacing a file deletes its cached thumbs", async app =>
        {
            var r = await CreateAsync(app, Part.File("images", "pic.png", Png(90, 90)));
            var old = Name(r, "images");
            await ThumbAsync(app, r, "50x50");
            var cid = r["collectionId"]!.GetValue<string>();
            var id = r["id"]!.GetValue<string>();
            (await SendAsync(app, "PATCH", Docs + "/" + id, [Part.File("images", "new.png", Png(10, 10))], "superuser")).Expect(200);
            await EventuallyAsync(async () => !await app.Engine.Files.Store.ExistsAsync(Strata.Core.Files.BlobKeys.Thumb(cid, id, old, "50x50")), "thumb removed");
        }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Scenario(FileCase row) => row.RunAsync();
}
