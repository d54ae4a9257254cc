using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;

namespace Strata.Core.Tests.Schema;

/// <summary>Collections with every field type and non-default options, for round trips.</summary>
internal static class SchemaSamples
{
    public static List<Field> AllFieldTypes() =>
    [
        new TextField { Name = "title", Min = 1, Max = 200, Pattern = "^[A-Z]", AutogeneratePattern = "", Required = true, Help = "The title", Presentable = true },
        new EditorField { Name = "body", MaxSize = 1000, ConvertUrls = true },
        new NumberField { Name = "views", Min = 0, Max = null, OnlyInt = true },
        new BoolField { Name = "published", Hidden = true },
        new EmailField { Name = "contact", ExceptDomains = ["spam.com"] },
        new UrlField { Name = "site", OnlyDomains = ["example.com"] },
        new DateField { Name = "due", Min = "2024-01-01 00:00:00.000Z", Max = "" },
        new AutodateField { Name = "created", OnCreate = true },
        new SelectField { Name = "tags", Values = ["a", "b", "c"], MaxSelect = 2 },
        new FileField { Name = "docs", MaxSelect = 3, MaxSize = 1024, MimeTypes = ["image/png"], Thumbs = ["100x100", "0x50t"], Protected = true },
        new RelationField { Name = "owner", CollectionId = "_pb_users_auth_", CascadeDelete = true, MinSelect = 0, MaxSelect = 1 },
        new JsonField { Name = "meta", MaxSize = 2048 },
        new PasswordField { Name = "pin", Min = 4, Max = 8, Pattern = "^\\d+$", Cost = 10 },
        new GeoPointField { Name = "place", Required = true },
    ];

    public static Collection Base()
    {
        var c = new Collection
        {
            Name = "posts",
            Type = CollectionType.Base,
            ListRule = "",
            ViewRule = "published = true",
            CreateRule = null,
            Fields = [CollectionDefaults.IdField(), .. AllFieldTypes()],
            Indexes = ["CREATE UNIQUE INDEX `idx_title` ON `posts` (`title`)"],
        };
        CollectionDefaults.ApplyNew(c);
        return c;
    }

    public static string Write(Collection c) => CollectionJson.ToJsonString(c);

    public static JsonElement Element(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    public static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();
}
