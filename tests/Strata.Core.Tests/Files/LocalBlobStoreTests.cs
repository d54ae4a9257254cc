using System.Text;
using Strata.Core.Files;
using Xunit;

namespace Strata.Core.Tests.Files;

/// <summary>The local-disk store: round trips, ranges, listing, prefix deletes, and keys that try to leave the root.</summary>
public sealed class LocalBlobStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "strata-blob-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<string> ReadAsync(Stream? s)
    {
        Assert.NotNull(s);
        await using (s)
        {
            using var reader = new StreamReader(s);
            return await reader.ReadToEndAsync();
        }
    }

    [Fact]
    public async Task Put_get_range_stat_list_delete()
    {
        var store = new LocalBlobStore(_root);
        await store.PutAsync("c/r/a.txt", new MemoryStream(Encoding.ASCII.GetBytes("0123456789")), "text/plain");
        await store.PutAsync("c/r/thumbs_a.txt/10x10_a.txt", new MemoryStream([1, 2]), "image/png");
        await store.PutAsync("c/other/b.txt", new MemoryStream([1]), "text/plain");
        Assert.Equal("0123456789", await ReadAsync(await store.GetAsync("c/r/a.txt")));
        Assert.Equal("345", await ReadAsync(await store.GetAsync("c/r/a.txt", new BlobRange(3, 5))));
        Assert.Equal(10, (await store.StatAsync("c/r/a.txt"))!.Size);
        Assert.Null(await store.GetAsync("c/r/missing.txt"));
        Assert.Null(await store.StatAsync("c/r/missing.txt"));
        var keys = new List<string>();
        await foreach (var k in store.ListAsync("c/r/"))
        {
            keys.Add(k);
        }

        Assert.Equal(["c/r/a.txt", "c/r/thumbs_a.txt/10x10_a.txt"], keys.Order(StringComparer.Ordinal));
        await store.DeletePrefixAsync("c/r/");
        Assert.False(await store.ExistsAsync("c/r/a.txt"));
        Assert.True(await store.ExistsAsync("c/other/b.txt"));
        await store.DeleteAsync("c/other/b.txt");
        await store.DeleteAsync("c/other/b.txt");
        Assert.False(await store.ExistsAsync("c/other/b.txt"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("c/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("c//x")]
    [InlineData("c\\..\\x")]
    [InlineData("c/./x")]
    public async Task Keys_that_leave_the_root_are_refused(string key)
    {
        var store = new LocalBlobStore(_root);
        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), "text/plain"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(key));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "escape.txt")));
    }
}
