using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>A fresh seeded app whose SMTP settings point at a <see cref="MailSink"/>, with small HTTP helpers.</summary>
internal sealed partial class FlowHarness : IAsyncDisposable
{
    private FlowHarness(TestApp app, MailSink mail, IReadOnlyDictionary<string, string> seeded)
    {
        App = app;
        Mail = mail;
        Seeded = seeded;
    }

    public TestApp App { get; }

    public MailSink Mail { get; }

    public IReadOnlyDictionary<string, string> Seeded { get; }

    public static async Task<FlowHarness> StartAsync()
    {
        var app = await TestApp.StartAsync();
        var seeded = await Blog.SeedAsync(app);
        var mail = MailSink.Start();
        await mail.ConfigureAsync(app);
        return new FlowHarness(app, mail, seeded);
    }

    /// <summary>Sends a JSON request; returns the status and the parsed body (null when empty).</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(string method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await App.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends and checks the status; returns the body.</summary>
    public async Task<JsonNode?> ExpectAsync(int status, string method, string path, object? body = null, string? token = null)
    {
        var (got, json) = await SendAsync(method, path, body, token);
        Assert.True(got == status, $"{method} {path}: expected {status}, got {got}: {json?.ToJsonString()}");
        return json;
    }

    public Task<JsonNode?> PatchUsersAsync(object body) => App.AdminAsync(HttpMethod.Patch, "api/collections/users", body);

    /// <summary>The token in a mail body's confirm link (<c>.../confirm-xxx/&lt;token&gt;</c>).</summary>
    public static string TokenIn(SinkMessage mail)
    {
        var m = LinkToken().Match(mail.Body);
        Assert.True(m.Success, "no token link in the mail: " + mail.Body);
        return m.Groups[1].Value;
    }

    /// <summary>The OTP code in a mail body (the default template puts it in &lt;strong&gt;).</summary>
    public static string CodeIn(SinkMessage mail)
    {
        var m = OtpCode().Match(mail.Body);
        Assert.True(m.Success, "no code in the mail: " + mail.Body);
        return m.Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        await Mail.DisposeAsync();
        await App.DisposeAsync();
    }

    [GeneratedRegex(@"/auth/confirm-[a-z-]+/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)")]
    private static partial Regex LinkToken();

    [GeneratedRegex(@"<strong>(\d+)</strong>")]
    private static partial Regex OtpCode();
}
