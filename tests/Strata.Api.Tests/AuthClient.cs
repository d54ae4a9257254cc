using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Small request helpers for multi-step auth flows: send with a raw Authorization value, read status and JSON.</summary>
internal static class AuthClient
{
    public sealed record Reply(int Status, JsonNode? Body, HttpResponseMessage Response)
    {
        public string Text(string key) => Body?[key]?.GetValue<string>() ?? "";
    }

    public static async Task<Reply> SendAsync(TestApp app, string method, string path, string? auth = null, object? body = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (auth is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(k, v);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public static async Task<string> CreateUserAsync(TestApp app, string email, string password = "user-password-1") =>
        Blog.Id(await app.AdminAsync(HttpMethod.Post, "api/collections/users/records", new { email, password, passwordConfirm = password, name = email }));

    public static async Task<string> LoginAsync(TestApp app, string email, string password = "user-password-1", string device = "test-device")
    {
        var r = await SendAsync(app, "POST", "api/collections/users/auth-with-password", null, new { identity = email, password },
            new Dictionary<string, string> { ["User-Agent"] = device });
        Blog.Check(r.Status == 200, $"login of {email}: {r.Status} {r.Body?.ToJsonString()}");
        return r.Text("token");
    }

    /// <summary>200 when the token is accepted as its user, 401 when it is treated as a guest.</summary>
    public static async Task<int> RefreshStatusAsync(TestApp app, string token) =>
        (await SendAsync(app, "POST", "api/collections/users/auth-refresh", token)).Status;
}
