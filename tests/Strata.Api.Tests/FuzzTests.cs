using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// Seeded random and mutated record payloads (JSON and multipart) and query strings against a collection with every
/// field type. The server must never answer 5xx, never hang, and the collection must still list afterwards.
/// The seed comes from <c>STRATA_FUZZ_SEED</c> (default 20261122) and is printed in every failure so it can be replayed.
/// </summary>
public sealed class FuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);
    private const int MaxIterations = 15000;

    private static readonly string[] Fields =
    [
        "id", "text", "number", "bool", "email", "url", "editor", "date", "created", "single", "multi", "rel", "rels",
        "json", "geo", "file", "nope", "collectionId", "expand", "@jsonPayload",
    ];

    private static readonly string[] FilterTokens =
    [
        "text", "number", "bool", "email", "url", "editor", "date", "created", "single", "multi", "rel", "rels", "json", "geo",
        "rel.text", "rels.number", "fz_via_rel.text", "json.a.b", "json.0", "geo.lat", "multi:length", "multi:each", "text:lower",
        "@request.auth.id", "@request.body.text", "@request.query.x", "@collection.fz.text", "@now", "@todayStart", "@yesterday",
        "'x'", "\"y\"", "''", "0", "-1.5", "1e999", "true", "false", "null", "'%'", "'\\''", "'_'",
        "=", "!=", ">", ">=", "<", "<=", "~", "!~", "?=", "?!=", "?>", "?~", "&&", "||", "(", ")", ",",
        "geoDistance(", "strftime(", "'%Y'", "nope", "nope.x", "id", ":isset", ":changed", ":lower", "'; DROP TABLE fz; --",
    ];

    private static readonly string[] SortTokens = ["text", "-number", "+bool", "@random", "@rowid", "-@rowid", "rel.text", "json.a", "geo.lon", "nope", "", " ", "-", "+", "multi", "rels.text", "(", "'x'"];
    private static readonly string[] ExpandTokens = ["rel", "rels", "rel.rel", "rels.rels.rel", "fz_via_rel", "fz_via_rels.rel", "nope", "", ".", "..", "rel..rel", "fz(rel)", "text"];
    private static readonly string[] PickTokens = ["id", "*", "text", "editor:excerpt(5,true)", "editor:excerpt(0)", "editor:excerpt(x)", "expand.rel.text", "json.a", ":", "nope", "text:nope(1)", "*,expand"];

    [Fact]
    public async Task ServerSurvivesRandomInput()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRATA_FUZZ_SEED"), out var s) ? s : 20261122;
        var rnd = new Random(seed);
        var ct = TestContext.Current.CancellationToken;
        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "fz",

            // Non-empty rules, so guest filters and sorts through relations also get the joined list rule.
            listRule = "id != 'zzzzzzzzzzzzzzz'",
            viewRule = "id != 'zzzzzzzzzzzzzzz' || @request.auth.id != ''",
            createRule = "",
            updateRule = "",
            deleteRule = "",
            fields = new object[]
            {
                new { name = "text", type = "text", max = 50 },
                new { name = "number", type = "number", min = -1000, max = 1000 },
                new { name = "bool", type = "bool" },
                new { name = "email", type = "email" },
                new { name = "url", type = "url" },
                new { name = "editor", type = "editor" },
                new { name = "date", type = "date" },
                new { name = "created", type = "autodate", onCreate = true },
                new { name = "single", type = "select", values = new[] { "a", "b", "c" }, maxSelect = 1 },
                new { name = "multi", type = "select", values = new[] { "a", "b", "c" }, maxSelect = 3 },
                new { name = "rel", type = "relation", collectionId = "fz", maxSelect = 1 },
                new { name = "rels", type = "relation", collectionId = "fz", maxSelect = 5 },
                new { name = "json", type = "json", maxSize = 2000 },
                new { name = "geo", type = "geoPoint" },
                new { name = "file", type = "file", maxSelect = 1 },
            },
        });
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(Blog.Id(await app.AdminAsync(HttpMethod.Post, "api/collections/fz/records", new { text = "seed" + i, number = i, multi = new[] { "a" } })));
        }

        var superuser = await app.SuperuserTokenAsync();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        var counts = new Dictionary<int, int>();
        var iterations = 0;
        for (; iterations < MaxIterations && clock.Elapsed < Budget; iterations++)
        {
            using var request = NewRequest(rnd, ids);
            if (rnd.Next(2) == 0)
            {
                request.Headers.TryAddWithoutValidation("Authorization", superuser);
            }

            var what = $"seed {seed}, iteration {iterations}: {request.Method} {request.RequestUri}";
            if (request.Content is not null)
            {
                what += " body " + Truncate(await request.Content.ReadAsStringAsync(ct), 600);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, ct);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new ScenarioFailedException("request hung (no answer in 10 s): " + what, e);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                counts[status] = counts.GetValueOrDefault(status) + 1;
                var text = await response.Content.ReadAsStringAsync(ct);
                if (status >= 500)
                {
                    throw new ScenarioFailedException($"[{app.EngineName}] {status} for {what}: {Truncate(text, 400)}");
                }

                if (status >= 400)
                {
                    var body = JsonNode.Parse(text) as JsonObject;
                    Blog.Check(body is not null && body["status"]?.GetValue<int>() == status && body["message"] is JsonValue && body["data"] is JsonObject,
                        $"error shape for {what}: {Truncate(text, 300)}");
                }
                else if (request.Method == HttpMethod.Post && status == 200 && JsonNode.Parse(text)?["id"] is JsonValue newId)
                {
                    ids.Add(newId.GetValue<string>());
                }
            }
        }

        var list = await app.AdminAsync(HttpMethod.Get, "api/collections/fz/records?perPage=1000");
        Blog.Check(list!["items"]!.AsArray().Count >= 1, "collection still lists");
        Blog.Check(iterations >= 50, $"too few iterations ({iterations}) to mean anything");
        TestContext.Current.SendDiagnosticMessage($"[{app.EngineName}] fuzz seed {seed}: {iterations} requests, statuses " +
            string.Join(", ", counts.OrderBy(k => k.Key).Select(k => $"{k.Key}x{k.Value}")));
    }

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    private static HttpRequestMessage NewRequest(Random rnd, List<string> ids)
    {
        var id = rnd.Next(5) == 0 ? RandomString(rnd, 15) : ids[rnd.Next(ids.Count)];
        switch (rnd.Next(10))
        {
            case 0 or 1:
                return WithJson(new HttpRequestMessage(HttpMethod.Post, "api/collections/fz/records" + Query(rnd)), RandomPayload(rnd, ids).ToJsonString());
            case 2:
                return WithJson(new HttpRequestMessage(HttpMethod.Post, "api/collections/fz/records"), Mutate(rnd, RandomPayload(rnd, ids).ToJsonString()));
            case 3:
                return WithMultipart(rnd, new HttpRequestMessage(HttpMethod.Post, "api/collections/fz/records"), ids);
            case 4:
                return WithJson(new HttpRequestMessage(HttpMethod.Patch, "api/collections/fz/records/" + Uri.EscapeDataString(id) + Query(rnd)), RandomPayload(rnd, ids).ToJsonString());
            case 5:
                return rnd.Next(2) == 0
                    ? WithMultipart(rnd, new HttpRequestMessage(HttpMethod.Patch, "api/collections/fz/records/" + Uri.EscapeDataString(id)), ids)
                    : WithJson(new HttpRequestMessage(HttpMethod.Patch, "api/collections/fz/records/" + Uri.EscapeDataString(id)), Mutate(rnd, RandomPayload(rnd, ids).ToJsonString()));
            case 6 or 7 or 8:
                return new HttpRequestMessage(HttpMethod.Get, "api/collections/fz/records" + Query(rnd));
            default:
                return rnd.Next(3) == 0
                    ? new HttpRequestMessage(HttpMethod.Delete, "api/collections/fz/records/" + Uri.EscapeDataString(id))
                    : new HttpRequestMessage(HttpMethod.Get, "api/collections/fz/records/" + Uri.EscapeDataString(id) + Query(rnd));
        }
    }

    private static HttpRequestMessage WithJson(HttpRequestMessage m, string body)
    {
        m.Content = new StringContent(body, Encoding.UTF8);
        m.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return m;
    }

    private static HttpRequestMessage WithMultipart(Random rnd, HttpRequestMessage m, List<string> ids)
    {
        var form = new MultipartFormDataContent("fuzzBoundary" + rnd.Next(1000).ToString(CultureInfo.InvariantCulture));
        var n = rnd.Next(1, 8);
        for (var i = 0; i < n; i++)
        {
            var key = Key(rnd);
            string value = rnd.Next(6) switch
            {
                0 => RandomPayload(rnd, ids).ToJsonString(),
                1 => Mutate(rnd, RandomPayload(rnd, ids).ToJsonString()),
                2 => rnd.Next(-100, 100).ToString(CultureInfo.InvariantCulture),
                3 => new[] { "true", "false", "", "05", "1.0", "1e3", "-0", "-", ".", "-.5" }[rnd.Next(10)],
                4 => ids[rnd.Next(ids.Count)],
                _ => RandomString(rnd, rnd.Next(0, 30)),
            };
            if (rnd.Next(4) == 0)
            {
                key = "@jsonPayload";
            }

            form.Add(new StringContent(value), key);
        }

        m.Content = form;
        return m;
    }

    private static string Key(Random rnd)
    {
        var f = Fields[rnd.Next(Fields.Length)];
        return rnd.Next(5) switch
        {
            0 => f + "+",
            1 => "+" + f,
            2 => f + "-",
            3 when rnd.Next(3) == 0 => f + ":autogenerate",
            _ => f,
        };
    }

    private static JsonObject RandomPayload(Random rnd, List<string> ids)
    {
        var o = new JsonObject();
        var n = rnd.Next(0, 8);
        for (var i = 0; i < n; i++)
        {
            o[Key(rnd)] = RandomValue(rnd, ids, 0);
        }

        return o;
    }

    private static JsonNode? RandomValue(Random rnd, List<string> ids, int depth) => rnd.Next(depth > 2 ? 9 : 12) switch
    {
        0 => null,
        1 => JsonValue.Create(rnd.Next(2) == 0),
        2 => JsonValue.Create(rnd.Next(-2000, 2000)),
        3 => JsonValue.Create(rnd.NextDouble() * Math.Pow(10, rnd.Next(-5, 300)) * (rnd.Next(2) == 0 ? -1 : 1)),
        4 => JsonValue.Create(RandomString(rnd, rnd.Next(0, 80))),
        5 => JsonValue.Create(ids[rnd.Next(ids.Count)]),
        6 => JsonValue.Create(new[] { "a", "b", "c", "d", "2024-01-02 03:04:05.678Z", "2024-13-45", "x@y.z", "https://e.com", "<p>hi</p>", "{\"a\":1}", "[1,2]", "null" }[rnd.Next(12)]),
        7 => JsonValue.Create(new string('x', rnd.Next(0, 6000))),
        8 => new JsonObject { ["lon"] = rnd.Next(-400, 400), ["lat"] = rnd.Next(-200, 200) },
        9 => new JsonArray([.. Enumerable.Range(0, rnd.Next(0, 6)).Select(_ => RandomValue(rnd, ids, depth + 1))]),
        10 => new JsonArray([.. Enumerable.Range(0, rnd.Next(0, 8)).Select(_ => (JsonNode?)JsonValue.Create(ids[rnd.Next(ids.Count)]))]),
        _ => new JsonObject { [RandomString(rnd, 3)] = RandomValue(rnd, ids, depth + 1), ["a"] = RandomValue(rnd, ids, depth + 1) },
    };

    private static string RandomString(Random rnd, int length)
    {
        const string alphabet = "abcxyz0189 _-.,:;'\"\\/%*?()[]{}<>=!&|@#$^~`\t\nüé😀\u0001";
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            sb.Append(alphabet[rnd.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    private static string Mutate(Random rnd, string text)
    {
        var sb = new StringBuilder(text);
        var n = rnd.Next(1, 4);
        for (var i = 0; i < n; i++)
        {
            var at = sb.Length == 0 ? 0 : rnd.Next(sb.Length);
            switch (rnd.Next(4))
            {
                case 0 when sb.Length > 0:
                    sb.Remove(at, 1);
                    break;
                case 1:
                    const string junk = "{}[]\",:\\0-e.tnf";
                    sb.Insert(at, junk[rnd.Next(junk.Length)]);
                    break;
                case 2 when sb.Length > 0:
                    var len = rnd.Next(1, Math.Min(20, sb.Length - at) + 1);
                    sb.Insert(at, sb.ToString(at, len));
                    break;
                default:
                    sb.Length = at;
                    break;
            }
        }

        return sb.ToString();
    }

    private static string Query(Random rnd)
    {
        var parts = new List<string>();
        if (rnd.Next(2) == 0)
        {
            var tokens = Enumerable.Range(0, rnd.Next(1, 12)).Select(_ => FilterTokens[rnd.Next(FilterTokens.Length)]);
            parts.Add("filter=" + Uri.EscapeDataString(string.Join(rnd.Next(3) == 0 ? "" : " ", tokens)));
        }

        if (rnd.Next(3) == 0)
        {
            parts.Add("sort=" + Uri.EscapeDataString(string.Join(",", Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => SortTokens[rnd.Next(SortTokens.Length)]))));
        }

        if (rnd.Next(3) == 0)
        {
            parts.Add("expand=" + Uri.EscapeDataString(string.Join(",", Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => ExpandTokens[rnd.Next(ExpandTokens.Length)]))));
        }

        if (rnd.Next(4) == 0)
        {
            parts.Add("fields=" + Uri.EscapeDataString(string.Join(",", Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => PickTokens[rnd.Next(PickTokens.Length)]))));
        }

        if (rnd.Next(5) == 0)
        {
            parts.Add("page=" + new[] { "0", "-1", "2", "x", "99999999999", "1.5" }[rnd.Next(6)]);
        }

        if (rnd.Next(5) == 0)
        {
            parts.Add("perPage=" + new[] { "0", "-1", "1", "5000", "x", "" }[rnd.Next(6)]);
        }

        if (rnd.Next(5) == 0)
        {
            parts.Add("skipTotal=" + new[] { "1", "0", "true", "yes", "" }[rnd.Next(5)]);
        }

        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
