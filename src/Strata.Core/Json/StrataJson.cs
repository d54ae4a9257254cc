using System.Text.Encodings.Web;
using System.Text.Json;

namespace Strata.Core;

/// <summary>Shared JSON settings: camelCase, no indentation, relaxed escaping (HTML-safe escaping is the client's job).</summary>
public static class StrataJson
{
    /// <summary>The serializer options used for every response body.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The writer options used for every response body.</summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };
}
