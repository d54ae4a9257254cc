namespace Strata.Bench.Baseline;

/// <summary>
/// The statements Strata runs for the benchmark scenarios, one method per request, on one engine.
/// <c>authed</c> mirrors the <c>_auth</c> rule (<c>@request.auth.id != ""</c>, which Strata folds to <c>TRUE</c>): reads
/// carry the folded condition; writes take no flag, as Strata needs no statement to check a folded rule.
/// </summary>
public interface IPostStore : IAsyncDisposable
{
    /// <summary>The ids of the posts and authors collections, and the users collection's token secret.</summary>
    Task<(string PostsId, string AuthorsId, string UsersSecret)> ReadSchemaAsync();

    /// <summary>The token key of a users record (Strata loads the whole row), or null.</summary>
    Task<string?> FindUserTokenKeyAsync(string id);

    Task<Post?> GetAsync(string id, bool authed);

    Task<(long Total, List<Post> Items, Dictionary<string, Author> Authors)> ListPublishedAsync(int perPage, int offset, bool expand, bool authed);

    /// <summary>Inserts <paramref name="post"/>; false when its author does not exist.</summary>
    Task<bool> CreateAsync(Post post);

    /// <summary>Loads, patches and writes back a post; null when it does not exist.</summary>
    Task<Post?> UpdateAsync(string id, Action<Post> patch);
}
