using System.Text.Json.Nodes;

namespace Strata.Testing;

/// <summary>
/// One collection's records and auth API through a <see cref="StrataClient"/>; the methods mirror the JS SDK's
/// <c>RecordService</c> (<c>getList</c>, <c>getOne</c>, <c>getFirstListItem</c>, <c>create</c>, <c>update</c>,
/// <c>delete</c>, <c>authWithPassword</c>, <c>authRefresh</c>).
/// </summary>
public sealed class RecordClient
{
    private readonly StrataClient _client;
    private readonly string _collection;

    internal RecordClient(StrataClient client, string collection)
    {
        _client = client;
        _collection = collection;
    }

    /// <summary>A page of records: <c>{page, perPage, totalItems, totalPages, items}</c>.</summary>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Records per page.</param>
    /// <param name="filter">A filter, or null.</param>
    /// <param name="sort">A sort, or null.</param>
    /// <param name="expand">Relations to expand, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> GetListAsync(int page = 1, int perPage = 30, string? filter = null, string? sort = null, string? expand = null,
        CancellationToken cancellationToken = default)
    {
        var query = $"page={page}&perPage={perPage}" + Param("filter", filter) + Param("sort", sort) + Param("expand", expand);
        return (JsonObject)(await _client.SendAsync(HttpMethod.Get, $"{Records}?{query}", null, cancellationToken))!;
    }

    /// <summary>The first record matching <paramref name="filter"/>; throws a 404 <see cref="StrataClientException"/> when none does.</summary>
    /// <param name="filter">The filter.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> GetFirstListItemAsync(string filter, CancellationToken cancellationToken = default)
    {
        var page = await _client.SendAsync(HttpMethod.Get, $"{Records}?page=1&perPage=1&skipTotal=1{Param("filter", filter)}", null, cancellationToken);
        return page?["items"] is JsonArray { Count: > 0 } items
            ? (JsonObject)items[0]!
            : throw new StrataClientException(404, null, "The requested resource wasn't found.");
    }

    /// <summary>One record by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="expand">Relations to expand, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> GetOneAsync(string id, string? expand = null, CancellationToken cancellationToken = default) =>
        (JsonObject)(await _client.SendAsync(HttpMethod.Get, $"{Records}/{Uri.EscapeDataString(id)}{(expand is null ? "" : "?" + Param("expand", expand)[1..])}", null, cancellationToken))!;

    /// <summary>Creates a record from a JSON body.</summary>
    /// <param name="body">The values, e.g. an anonymous object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> CreateAsync(object body, CancellationToken cancellationToken = default) =>
        (JsonObject)(await _client.SendAsync(HttpMethod.Post, Records, body, cancellationToken))!;

    /// <summary>Updates a record.</summary>
    /// <param name="id">The id.</param>
    /// <param name="body">The changed values.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> UpdateAsync(string id, object body, CancellationToken cancellationToken = default) =>
        (JsonObject)(await _client.SendAsync(HttpMethod.Patch, $"{Records}/{Uri.EscapeDataString(id)}", body, cancellationToken))!;

    /// <summary>Deletes a record.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Delete, $"{Records}/{Uri.EscapeDataString(id)}", null, cancellationToken);

    /// <summary>Password login; the client keeps the token and record for its next requests.</summary>
    /// <param name="identity">The email or other identity field value.</param>
    /// <param name="password">The password.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The auth response <c>{token, record}</c>.</returns>
    public async Task<JsonObject> AuthWithPasswordAsync(string identity, string password, CancellationToken cancellationToken = default) =>
        Keep((JsonObject)(await _client.SendAsync(HttpMethod.Post, $"{Base}/auth-with-password", new { identity, password }, cancellationToken))!);

    /// <summary>Refreshes the client's token; the client keeps the new one.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<JsonObject> AuthRefreshAsync(CancellationToken cancellationToken = default) =>
        Keep((JsonObject)(await _client.SendAsync(HttpMethod.Post, $"{Base}/auth-refresh", null, cancellationToken))!);

    private string Base => "api/collections/" + Uri.EscapeDataString(_collection);

    private string Records => Base + "/records";

    private static string Param(string name, string? value) => value is null ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    private JsonObject Keep(JsonObject auth)
    {
        _client.Token = auth["token"]!.GetValue<string>();
        _client.AuthRecord = auth["record"] as JsonObject;
        return auth;
    }
}
