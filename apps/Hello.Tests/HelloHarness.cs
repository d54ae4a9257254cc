using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Hello.Tests;

/// <summary>Starts the Hello app the way Program.cs configures it, on a fresh database and a clock the test moves.</summary>
internal static class HelloHarness
{
    public const string Password = "hello-password-1";

    public static async Task<(TestApp App, ManualClock Clock)> StartAsync(HelloOptions? options = null)
    {
        var clock = new ManualClock();
        var app = await TestApp.StartAsync(a => HelloApp.Configure(a, options ?? new HelloOptions()), clock: clock);
        return (app, clock);
    }

    /// <summary>Signs up a user (the users collection lets anyone sign up) and signs them in.</summary>
    public static async Task<User> SignUpAsync(this TestApp app, string name)
    {
        var email = name.ToLowerInvariant() + "@hello.test";
        using (var created = await app.Client.PostAsJsonAsync("api/collections/users/records",
            new { email, password = Password, passwordConfirm = Password, name }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        using var login = await app.Client.PostAsJsonAsync("api/collections/users/auth-with-password", new { identity = email, password = Password });
        var body = (await login.Content.ReadFromJsonAsync<JsonObject>())!;
        return new User(body["record"]!["id"]!.GetValue<string>(), body["token"]!.GetValue<string>());
    }

    /// <summary>Sends a request, as <paramref name="token"/>'s holder or a guest, and returns the status and JSON body.</summary>
    public static async Task<(int Status, JsonObject Body)> SendAsync(this TestApp app, HttpMethod method, string path, string? token = null, object? body = null)
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
        return ((int)response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }

    public static Task<(int Status, JsonObject Body)> PostMessageAsync(this TestApp app, User? user, string text, string? author = null) =>
        app.SendAsync(HttpMethod.Post, "api/collections/messages/records", user?.Token, author is null ? new { text } : new { text, author });

    /// <summary>Polls until <paramref name="probe"/> returns a value (jobs run on the worker, not in the request).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < until, "Timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
