using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

/// <summary>
/// Typed, error-collecting access to the keys of one JSON object. A wrong JSON type becomes a field error at
/// <c>prefix.key</c> instead of an exception, so one bad option never hides the others. JSON null reads as
/// "not given", as the reference server's decoder leaves the current value in place.
/// </summary>
internal sealed class JsonOptionReader(JsonElement obj, string prefix, ValidationErrors errors)
{
    public JsonElement Object { get; } = obj;

    public ValidationErrors Errors { get; } = errors;

    public string PathOf(string key) => prefix.Length == 0 ? key : prefix + "." + key;

    public bool Has(string key) => Object.TryGetProperty(key, out _);

    public bool TryGet(string key, out JsonElement value) => Object.TryGetProperty(key, out value);

    public void Error(string key, string code, string message) => Errors.Add(PathOf(key), new FieldError(code, message));

    public string? String(string key)
    {
        if (!Object.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            Error(key, "validation_invalid_type", "Must be a string.");
            return null;
        }

        return v.GetString();
    }

    /// <summary>For rules: present null is a value (locked), absent is "not given".</summary>
    public bool NullableString(string key, out string? value)
    {
        value = null;
        if (!Object.TryGetProperty(key, out var v))
        {
            return false;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.String:
                value = v.GetString();
                return true;
            default:
                Error(key, "validation_invalid_type", "Must be a string or null.");
                return false;
        }
    }

    public bool? Bool(string key)
    {
        if (!Object.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        Error(key, "validation_invalid_type", "Must be a boolean.");
        return null;
    }

    public long? Long(string key)
    {
        if (!Object.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var l))
            {
                return l;
            }

            // 5.0 is an integer to a JavaScript client.
            if (v.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9e15)
            {
                return (long)d;
            }
        }

        Error(key, "validation_invalid_type", "Must be an integer.");
        return null;
    }

    public int? Int(string key)
    {
        if (!Object.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var l = Long(key);
        if (l is null)
        {
            return null;
        }

        if (l is < int.MinValue or > int.MaxValue)
        {
            Error(key, "validation_invalid_type", "Must be an integer in range.");
            return null;
        }

        return (int)l.Value;
    }

    /// <summary>A number option where null is a real value (no bound).</summary>
    public bool NullableNumber(string key, out double? value)
    {
        value = null;
        if (!Object.TryGetProperty(key, out var v))
        {
            return false;
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return true;
            case JsonValueKind.Number when v.TryGetDouble(out var d) && double.IsFinite(d):
                value = d;
                return true;
            default:
                Error(key, "validation_invalid_type", "Must be a number or null.");
                return false;
        }
    }

    public List<string>? StringList(string key)
    {
        if (!Object.TryGetProperty(key, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(key, "validation_invalid_type", "Must be an array of strings.");
            return null;
        }

        var list = new List<string>();
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Error(key, "validation_invalid_type", "Must be an array of strings.");
                return null;
            }

            list.Add(item.GetString()!);
        }

        return list;
    }

    public JsonOptionReader? Child(string key)
    {
        if (!Object.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            Error(key, "validation_invalid_type", "Must be an object.");
            return null;
        }

        return new JsonOptionReader(v, PathOf(key), Errors);
    }

    public JsonObject? ObjectNode(string key)
    {
        var child = Child(key);
        return child is null ? null : JsonNode.Parse(child.Object.GetRawText()) as JsonObject;
    }
}
