using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Shorthands for building scenario rows and checking list responses.</summary>
internal static class Rows
{
    public static ApiScenario Get(string name, string url, int status, string who = "guest", string[]? has = null, string[]? hasNot = null) =>
        new()
        {
            Name = name,
            Url = url,
            As = who,
            ExpectedStatus = status,
            ExpectedContent = has ?? [],
            NotExpectedContent = hasNot ?? [],
        };

    public static ApiScenario Send(string name, string method, string url, object? body, int status, string who = "guest", string[]? has = null, string[]? hasNot = null) =>
        new()
        {
            Name = name,
            Method = method,
            Url = url,
            Body = body,
            As = who,
            ExpectedStatus = status,
            ExpectedContent = has ?? [],
            NotExpectedContent = hasNot ?? [],
        };

    /// <summary>A row whose body is multipart/form-data text parts.</summary>
    public static ApiScenario Form(string name, string method, string url, int status, string who, (string, string)[] parts, string[]? has = null, string[]? hasNot = null)
    {
        var (body, type) = Blog.Multipart(parts);
        return Send(name, method, url, body, status, who, has, hasNot) with { ContentType = type };
    }

    /// <summary>An after-check that a collection still holds <paramref name="n"/> records (optionally matching a filter).</summary>
    public static Func<TestApp, JsonNode?, Task> Total(string collection, long n, string? filter = null) => async (app, _) =>
    {
        var got = await Blog.CountAsync(app, collection, filter);
        Blog.Check(got == n, $"{collection} [{filter}] holds {got} records, expected {n}");
    };

    /// <summary>An after-check on one stored record (read back as the superuser).</summary>
    public static Func<TestApp, JsonNode?, Task> Stored(string collection, string filter, Func<JsonNode, bool> ok, string what) => async (app, _) =>
    {
        var id = await Blog.FindAsync(app, collection, filter);
        var r = await Blog.GetAsync(app, collection, id);
        Blog.Check(ok(r), what + ": " + r.ToJsonString());
    };

    /// <summary>The values of <paramref name="key"/> of each list item, in order.</summary>
    public static List<string> Items(JsonNode? list, string key) =>
        [.. list!["items"]!.AsArray().Select(i => i![key]?.ToJsonString().Trim('"') ?? "<missing>")];

    public static Func<TestApp, JsonNode?, Task> Order(string key, params string[] expected) => (_, body) =>
    {
        var got = Items(body, key);
        Blog.Check(got.SequenceEqual(expected), $"order of {key}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", got)}]");
        return Task.CompletedTask;
    };

    public static Func<TestApp, JsonNode?, Task> Count(int n) => (_, body) =>
    {
        var got = body!["items"]!.AsArray().Count;
        Blog.Check(got == n, $"expected {n} items, got {got}");
        return Task.CompletedTask;
    };

    /// <summary>Checks the error body shape: exactly status, message and data (an object).</summary>
    public static Func<TestApp, JsonNode?, Task> ErrorShape(int status) => (_, body) =>
    {
        var o = body as JsonObject;
        Blog.Check(o is not null && o.Count == 3 && o["status"]!.GetValue<int>() == status && o["message"] is JsonValue && o["data"] is JsonObject,
            $"error body shape {{status,message,data}} with status {status}: {body?.ToJsonString()}");
        return Task.CompletedTask;
    };
}
