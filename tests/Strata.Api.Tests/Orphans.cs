using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Counts what the store in use holds under a collection, to catch files left behind.</summary>
internal static class Orphans
{
    public static async Task<int> CountAsync(TestApp app, string collectionId)
    {
        var n = 0;
        await foreach (var _ in app.Engine.Files.Store.ListAsync(collectionId + "/"))
        {
            n++;
        }

        return n;
    }
}
