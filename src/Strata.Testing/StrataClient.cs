using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Strata.Testing;

/// <summary>
/// An SDK-shaped client for app tests, modelled on the official JS SDK: <c>client.Collection("posts").GetListAsync()</c>
/// is <c>pb.collection('posts').getList()</c>. It keeps the token of its last auth call (its "auth store") and sends it
/// raw in <c>Authorization</c>, as the SDK does; a non-2xx answer throws <see cref="StrataClientException"/>.
/// </summary>
public sealed class StrataClient
{
    private readonly HttpClient _http;

    /// <summary>Creates a client over an HTTP client whose base address is the server's root.</summary>
    /// <param name="http">The HTTP client (not disposed by this client).</param>
    public StrataClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>The auth token sent with every request, or null for a guest.</summary>
    public string? Token { get; set; }

    /// <summary>The record of the last auth call, or null.</summary>
    public JsonObject? AuthRecord { get; internal set; }

    /// <summary>The records (and auth) API of one collection.</summary>
    /// <param name="idOrName">The collection id or name.</param>
    public RecordClient Collection(string idOrName) => new(this, idOrName);

    /// <summary>Forgets the token, like <c>pb.authStore.clear()</c>.</summary>
    public void ClearAuth()
    {
        Token = null;
        AuthRecord = null;
    }

    /// <summary>Sends a request and returns the parsed JSON body (null for an empty one).</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path relative to the server root, e.g. <c>api/health</c>.</param>
    /// <param name="body">An object serialised as the JSON body, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="StrataClientException">The server answered with a non-2xx status.</exception>
    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var json = text.Length == 0 ? null : TryParse(text);
        return response.IsSuccessStatusCode
            ? json
            : throw new StrataClientException((int)response.StatusCode, json as JsonObject, $"{method} {path} gave {(int)response.StatusCode}: {text}");
    }

    private static JsonNode? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
