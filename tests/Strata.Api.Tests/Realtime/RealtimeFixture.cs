using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests.Realtime;

/// <summary>Notes owned by users: list and view rules let only the owner see a note.</summary>
internal static class RealtimeFixture
{
    public const string OwnerRule = "owner = @request.auth.id";

    public static async Task CreateNotesAsync(TestApp app)
    {
        var users = await app.AdminAsync(HttpMethod.Get, "api/collections/users");
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            listRule = OwnerRule,
            viewRule = OwnerRule,
            createRule = "",
            updateRule = "",
            deleteRule = "",
            fields = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "body", type = "text", max = 500000 },
                new { name = "owner", type = "relation", collectionId = users!["id"]!.GetValue<string>(), maxSelect = 1 },
            },
        });
    }

    /// <summary>Creates a user and returns its id and token.</summary>
    public static async Task<(string Id, string Token)> UserAsync(TestApp app, string name)
    {
        var email = name + "@strata.test";
        using (var created = await app.Client.PostAsJsonAsync("api/collections/users/records", new { email, password = "password-123", passwordConfirm = "password-123", name }))
        {
            created.EnsureSuccessStatusCode();
        }

        using var login = await app.Client.PostAsJsonAsync("api/collections/users/auth-with-password", new { identity = email, password = "password-123" });
        login.EnsureSuccessStatusCode();
        var body = (await login.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["record"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    /// <summary>Sends a request and returns the JSON body (throws on non-2xx).</summary>
    public static async Task<JsonNode?> SendAsync(TestApp app, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await app.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{method} {path} gave {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static string Options(object options) => "?options=" + Uri.EscapeDataString(System.Text.Json.JsonSerializer.Serialize(options));
}
