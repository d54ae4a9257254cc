using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Migrations;

/// <summary>
/// One schema change as a file in the migrations directory: the collection's definition before and after.
/// Up applies <see cref="After"/>, down applies <see cref="Before"/>. Token secrets are never written to files.
/// </summary>
/// <param name="Name">The file name, e.g. <c>1732240000000_created_posts.json</c>; files apply in name order.</param>
/// <param name="Description">What the change does.</param>
/// <param name="Before">The definition before, or null when the change creates the collection.</param>
/// <param name="After">The definition after, or null when the change deletes it.</param>
public sealed record MigrationFile(string Name, string Description, Collection? Before, Collection? After)
{
    /// <summary>The file's JSON text.</summary>
    public string ToJson()
    {
        var o = new JsonObject
        {
            ["strata"] = 1,
            ["description"] = Description,
            ["before"] = Before is null ? null : CollectionJson.ToJsonObject(Before),
            ["after"] = After is null ? null : CollectionJson.ToJsonObject(After),
        };
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads a migration file.</summary>
    /// <param name="name">The file name.</param>
    /// <param name="json">Its content.</param>
    /// <exception cref="InvalidDataException">The file is not a Strata migration.</exception>
    public static MigrationFile Parse(string name, string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            Collection? Read(string key) =>
                root.TryGetProperty(key, out var e) && e.ValueKind == JsonValueKind.Object ? CollectionJson.Read(e, null) : null;
            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "";
            return new MigrationFile(name, description, Read("before"), Read("after"));
        }
        catch (Exception e) when (e is JsonException or Errors.StrataException)
        {
            throw new InvalidDataException($"Migration {name} is not valid: {e.Message}", e);
        }
    }
}
