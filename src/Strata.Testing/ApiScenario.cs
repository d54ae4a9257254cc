using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Strata.Testing;

/// <summary>
/// One row of an API scenario table: a request against a fresh <see cref="TestApp"/>, optional setup, and what the
/// response must (and must not) contain. Run it with <see cref="RunAsync()"/>; each run starts its own app.
/// </summary>
public sealed record ApiScenario
{
    /// <summary>A short name shown when the scenario fails.</summary>
    public required string Name { get; init; }

    /// <summary>The HTTP method.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The path and query, e.g. <c>/api/collections/posts/records?filter=...</c>.</summary>
    public required string Url { get; init; }

    /// <summary>A JSON body (object or text), or null.</summary>
    public object? Body { get; init; }

    /// <summary>The content type of a text body.</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>Who sends it: <c>guest</c>, <c>superuser</c>, or a raw Authorization value produced by <see cref="Setup"/>.</summary>
    public string As { get; init; } = "guest";

    /// <summary>Extra headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Prepares data; returns values for <c>{name}</c> placeholders in Url, Body and As (e.g. ids, tokens).</summary>
    public Func<TestApp, Task<IReadOnlyDictionary<string, string>>>? Setup { get; init; }

    /// <summary>The expected status.</summary>
    public required int ExpectedStatus { get; init; }

    /// <summary>Substrings the body must contain (after placeholder substitution).</summary>
    public IReadOnlyList<string> ExpectedContent { get; init; } = [];

    /// <summary>Substrings the body must not contain.</summary>
    public IReadOnlyList<string> NotExpectedContent { get; init; } = [];

    /// <summary>A check run after the request (e.g. that the data is unchanged).</summary>
    public Func<TestApp, JsonNode?, Task>? After { get; init; }

    /// <summary>Runs the scenario on a fresh app; throws with a readable message on mismatch.</summary>
    public async Task RunAsync()
    {
        await using var app = await TestApp.StartAsync();
        await RunAsync(app);
    }

    /// <summary>Runs the scenario on an existing app (for tables that share expensive setup).</summary>
    /// <param name="app">The app.</param>
    public async Task RunAsync(TestApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var values = Setup is null ? new Dictionary<string, string>() : await Setup(app);
        string Fill(string s) => values.Aggregate(s, (acc, kv) => acc.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal));
        using var request = new HttpRequestMessage(new HttpMethod(Method), Fill(Url).TrimStart('/'));
        var auth = As switch
        {
            "guest" => null,
            "superuser" => await app.SuperuserTokenAsync(),
            _ => Fill(As),
        };
        if (auth is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", auth);
        }

        foreach (var (k, v) in Headers)
        {
            request.Headers.TryAddWithoutValidation(k, Fill(v));
        }

        if (Body is not null)
        {
            var text = Body is string s ? s : System.Text.Json.JsonSerializer.Serialize(Body);
            request.Content = new StringContent(Fill(text), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        }

        using var response = await app.Client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        var where = $"[{app.EngineName}] {Name}: {Method} {Fill(Url)}";
        if ((int)response.StatusCode != ExpectedStatus)
        {
            throw new ScenarioFailedException($"{where}: expected status {ExpectedStatus}, got {(int)response.StatusCode}: {content}");
        }

        foreach (var expected in ExpectedContent.Select(Fill))
        {
            if (!content.Contains(expected, StringComparison.Ordinal))
            {
                throw new ScenarioFailedException($"{where}: body lacks {expected}: {content}");
            }
        }

        foreach (var unexpected in NotExpectedContent.Select(Fill))
        {
            if (content.Contains(unexpected, StringComparison.Ordinal))
            {
                throw new ScenarioFailedException($"{where}: body has {unexpected}: {content}");
            }
        }

        if (After is not null)
        {
            await After(app, content.Length == 0 ? null : JsonNode.Parse(content));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
