using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

/// <summary>Seeded, bounded fuzzing: whatever the input, only <see cref="StrataException"/> may escape.</summary>
public sealed class SchemaFuzzTests
{
    private static readonly string[] Words =
    [
        "id", "name", "type", "fields", "indexes", "auth", "base", "view", "text", "number", "select", "relation", "file", "json",
        "min", "max", "maxSelect", "values", "collectionId", "authToken", "duration", "secret", "oauth2", "providers", "mfa",
        "otp", "passwordAuth", "identityFields", "null", "NaN", "Inf", "-1", "1e309", "[", "{", "\"", "2024-01-01", "_via_",
        "CREATE INDEX i ON t (a)", "[a-z]{5}", "pbc_3142635823", "geoPoint", "autodate", "password", "email", "url", "date",
    ];

    [Fact]
    public void Collection_read_validate_write_only_throw_strata_exceptions()
    {
        var rnd = new Random(20261122);
        var seeds = new[]
        {
            CollectionJson.ToJsonObject(SchemaSamples.Base()),
            CollectionJson.ToJsonObject(CollectionDefaults.Users()),
            CollectionJson.ToJsonObject(CollectionDefaults.Superusers()),
            SchemaSamples.Obj("""{"name":"v","type":"view","viewQuery":"SELECT 1","fields":[{"name":"id","type":"text"}]}"""),
        };
        var existing = new[] { SchemaSamples.Base(), CollectionDefaults.Users(), null };
        var all = new[] { CollectionDefaults.Superusers(), CollectionDefaults.Users() };
        var successes = 0;
        for (var i = 0; i < 2500; i++)
        {
            var node = seeds[rnd.Next(seeds.Length)].DeepClone();
            var mutations = rnd.Next(1, 6);
            for (var m = 0; m < mutations; m++)
            {
                node = Mutate(node, rnd, 0);
            }

            var text = node?.ToJsonString() ?? "null";
            var old = existing[rnd.Next(existing.Length)];
            try
            {
                using var doc = JsonDocument.Parse(text);
                var c = CollectionJson.Read(doc.RootElement, old);
                if (old is null)
                {
                    CollectionDefaults.ApplyNew(c);
                }

                CollectionValidator.Validate(c, old, all, r => r.Length > 50 ? "too long" : null);
                _ = CollectionJson.ToJsonString(c);
                successes++;
            }
            catch (StrataException ex)
            {
                Assert.InRange(ex.Status, 400, 499);
                _ = ex.ErrorData.ToJsonString();
            }
        }

        // Some mutations are harmless, so the happy path was exercised too.
        Assert.True(successes > 0);
    }

    [Fact]
    public void Field_normalize_and_validate_never_throw()
    {
        var rnd = new Random(42);
        var fields = SchemaSamples.AllFieldTypes().Concat([
            new SelectField { Values = ["a"], MaxSelect = 1 },
            new RelationField { MaxSelect = 5, MinSelect = 2 },
            new TextField { Pattern = "(a+)+$", Min = 3 },
            new DateField { Max = "2020-01-01 00:00:00.000Z" },
        ]).ToList();
        for (var i = 0; i < 4000; i++)
        {
            var input = RandomNode(rnd, 0);
            foreach (var f in fields)
            {
                var value = f.Normalize(input);
                _ = f.Validate(value);
            }

            // Raw, un-normalized values (e.g. from storage) must not throw either.
            var raw = RandomClr(rnd);
            foreach (var f in fields)
            {
                _ = f.Validate(raw);
            }
        }
    }

    [Fact]
    public void Parsers_never_throw_unexpectedly()
    {
        var rnd = new Random(7);
        for (var i = 0; i < 3000; i++)
        {
            var s = RandomText(rnd);
            _ = IndexDefinition.TryParse(s, out _);
            _ = PatternGenerator.TryValidate(s, out _);
            _ = DateTimeText.TryParse(s, out _);
            try
            {
                _ = PatternGenerator.Generate(s);
            }
            catch (StrataException)
            {
            }
        }
    }

    [Theory]
    [InlineData("""{"name":"x\ud800","fields":[]}""")]
    [InlineData("""{"name":"posts","fields":[{"name":"a","type":"text","help":"\udfff"}]}""")]
    [InlineData("""{"name":"users","type":"auth","oauth2":{"providers":[{"name":"\ud800"}]}}""")]
    [InlineData("""{"name":"users","type":"auth","mfa":{"rule":"\ud800"}}""")]
    public void Escaped_lone_surrogates_give_400(string json)
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(SchemaSamples.Element(json), null));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void Escaped_lone_surrogates_in_values_do_not_throw()
    {
        var input = JsonNode.Parse("""{"v":"a\ud800","lon":"\udc00"}""")!;
        foreach (var f in SchemaSamples.AllFieldTypes())
        {
            _ = f.Validate(f.Normalize(input["v"]));
            _ = f.Validate(f.Normalize(input));
            _ = f.Validate(f.Normalize(JsonNode.Parse("""["\ud800","x"]""")));
        }
    }

    [Fact]
    public void Duplicate_keys_do_not_throw()
    {
        var dup = JsonNode.Parse("""{"lon":1,"lon":2,"lat":3}""");
        var text = JsonValue.Create("""{"a":1,"a":2}""");
        foreach (var f in SchemaSamples.AllFieldTypes())
        {
            foreach (var input in new[] { dup, text, JsonNode.Parse("""[{"a":1,"a":2}]""") })
            {
                var value = f.Normalize(input);
                _ = f.Validate(value);
                using var stream = new MemoryStream();
                using var writer = new Utf8JsonWriter(stream);
                f.WriteValue(writer, value);
            }
        }
    }

    private static JsonNode? Mutate(JsonNode? node, Random rnd, int depth)
    {
        if (node is null || depth > 6 || rnd.Next(4) == 0)
        {
            return RandomNode(rnd, 0);
        }

        switch (node)
        {
            case JsonObject o when o.Count > 0:
                var keys = o.Select(p => p.Key).ToList();
                var key = keys[rnd.Next(keys.Count)];
                switch (rnd.Next(4))
                {
                    case 0:
                        o.Remove(key);
                        break;
                    case 1:
                        o[Words[rnd.Next(Words.Length)]] = RandomNode(rnd, 0);
                        break;
                    default:
                        o[key] = Mutate(o[key]?.DeepClone(), rnd, depth + 1);
                        break;
                }

                return o;
            case JsonArray a when a.Count > 0:
                var index = rnd.Next(a.Count);
                if (rnd.Next(3) == 0)
                {
                    a.RemoveAt(index);
                }
                else
                {
                    a[index] = Mutate(a[index]?.DeepClone(), rnd, depth + 1);
                }

                return a;
            default:
                return RandomNode(rnd, 0);
        }
    }

    private static JsonNode? RandomNode(Random rnd, int depth)
    {
        switch (rnd.Next(depth > 3 ? 6 : 8))
        {
            case 0:
                return null;
            case 1:
                return JsonValue.Create(rnd.Next(2) == 0);
            case 2:
                return JsonValue.Create(rnd.Next(5) switch
                {
                    0 => 0,
                    1 => rnd.NextDouble() * 1e6 - 5e5,
                    2 => double.MaxValue,
                    3 => -1,
                    _ => rnd.Next(-100, 100),
                });
            case 3:
            case 4:
                return JsonValue.Create(Words[rnd.Next(Words.Length)]);
            case 5:
                return JsonValue.Create(RandomText(rnd));
            case 6:
                var a = new JsonArray();
                for (var i = rnd.Next(4); i > 0; i--)
                {
                    a.Add(RandomNode(rnd, depth + 1));
                }

                return a;
            default:
                var o = new JsonObject();
                for (var i = rnd.Next(4); i > 0; i--)
                {
                    o[Words[rnd.Next(Words.Length)]] = RandomNode(rnd, depth + 1);
                }

                return o;
        }
    }

    private static object? RandomClr(Random rnd) => rnd.Next(9) switch
    {
        0 => null,
        1 => RandomText(rnd),
        2 => rnd.NextDouble(),
        3 => double.NaN,
        4 => new[] { "a", RandomText(rnd) },
        5 => new GeoPoint(rnd.NextDouble() * 400 - 200, double.NegativeInfinity),
        6 => JsonNode.Parse("{\"a\":[1,2,{}]}"),
        7 => 5,
        _ => true,
    };

    private static string RandomText(Random rnd)
    {
        const string alphabet = "abcXYZ019 _-[](){}|\\^$*+?.,:;'\"`@/#%&=<>\n\t😀é";
        var length = rnd.Next(0, 24);
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[rnd.Next(alphabet.Length)];
        }

        var s = new string(chars);
        return rnd.Next(5) == 0 ? Words[rnd.Next(Words.Length)] + s : s;
    }
}
