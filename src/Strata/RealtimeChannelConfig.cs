using System.Text.Json;
using Strata.Core.Realtime;

namespace Strata;

/// <summary>Reads channel rules from configuration (<see cref="StrataOptions.RealtimeChannels"/>).</summary>
public static class RealtimeChannelConfig
{
    /// <summary>Parses <c>[{"pattern", "rule", "collection"}]</c>; a missing <c>rule</c> means nobody but superusers.</summary>
    /// <param name="json">The JSON text; empty for none.</param>
    /// <exception cref="InvalidOperationException">The text is not such a list.</exception>
    public static IReadOnlyList<ChannelRule> Parse(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        const string Shape = "realtimeChannels must be a JSON list of {\"pattern\": \"room:{id}\", \"rule\": \"...\", \"collection\": \"rooms\"}";
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException(Shape);
            }

            var rules = new List<ChannelRule>();
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("pattern", out var pattern) || pattern.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidOperationException(Shape);
                }

                var rule = item.TryGetProperty("rule", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                var collection = item.TryGetProperty("collection", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                rules.Add(new ChannelRule(pattern.GetString()!, rule, collection));
            }

            return rules;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(Shape + ": " + e.Message, e);
        }
    }
}
