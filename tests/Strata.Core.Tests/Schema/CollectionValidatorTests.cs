using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Xunit;
using static Strata.Core.Tests.Schema.SchemaSamples;

namespace Strata.Core.Tests.Schema;

public sealed class CollectionValidatorTests
{
    private static readonly Collection[] Stored = [CollectionDefaults.Superusers(), CollectionDefaults.Users()];

    private static JsonObject Fails(Collection candidate, Collection? old = null, IReadOnlyCollection<Collection>? all = null, Func<string, string?>? ruleError = null)
    {
        var ex = Assert.Throws<StrataException>(() => CollectionValidator.Validate(candidate, old, all ?? Stored, ruleError));
        Assert.Equal(400, ex.Status);
        Assert.Equal(old is null ? "Failed to create collection." : "Failed to update collection.", ex.Message);
        return ex.ErrorData;
    }

    private static string Code(JsonObject data, string path)
    {
        JsonNode? node = data;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        Assert.True(node is not null, "no error at " + path + " in " + data.ToJsonString());
        return node!["code"]!.GetValue<string>();
    }

    private static Collection New(string name, params Field[] fields)
    {
        var c = new Collection { Name = name, Fields = [.. fields] };
        CollectionDefaults.ApplyNew(c);
        return c;
    }

    [Fact]
    public void A_full_valid_collection_passes()
    {
        CollectionValidator.Validate(Base(), null, Stored);
    }

    [Theory]
    [InlineData("", "validation_required")]
    [InlineData("bad name", "validation_match_invalid")]
    [InlineData("_hidden", "validation_invalid_name")]
    [InlineData("USERS", "validation_collection_name_exists")]
    [InlineData("posts\n", "validation_match_invalid")]
    [InlineData("pöstö", "validation_match_invalid")]
    public void Collection_name_rules(string name, string code)
    {
        var c = new Collection { Name = name, Id = "abc", Fields = [CollectionDefaults.IdField()] };
        Assert.Equal(code, Code(Fails(c), "name"));
    }

    [Fact]
    public void Long_names_are_rejected()
    {
        var c = New(new string('a', 256));
        Assert.Equal("validation_length_too_long", Code(Fails(c), "name"));
    }

    [Fact]
    public void Type_cannot_change()
    {
        var old = New("posts");
        var c = old.Clone();
        c.Type = CollectionType.View;
        c.ViewQuery = "SELECT 1";
        Assert.Equal("validation_collection_type_change", Code(Fails(c, old), "type"));
    }

    [Fact]
    public void System_collections_cannot_be_renamed_or_have_rules_changed()
    {
        var old = CollectionDefaults.Superusers();
        var c = old.Clone();
        c.Name = "_admins";
        c.ListRule = "";
        c.Auth!.AuthRule = "verified = true";
        var data = Fails(c, old, Stored);
        Assert.Equal("validation_collection_system_name_change", Code(data, "name"));
        Assert.Equal("validation_collection_system_rule_change", Code(data, "listRule"));
        Assert.Equal("validation_collection_system_rule_change", Code(data, "authRule"));
    }

    [Fact]
    public void System_flag_cannot_change()
    {
        var old = New("posts");
        var c = old.Clone();
        c.System = true;
        Assert.Equal("validation_collection_system_flag_change", Code(Fails(c, old), "system"));
    }

    [Fact]
    public void System_collections_cannot_be_deleted_and_referenced_ones_neither()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionValidator.ValidateDelete(CollectionDefaults.Superusers(), Stored));
        Assert.Equal(400, ex.Status);
        var posts = Base();
        Assert.Throws<StrataException>(() => CollectionValidator.ValidateDelete(CollectionDefaults.Users(), [.. Stored, posts]));
        CollectionValidator.ValidateDelete(posts, [.. Stored, posts]);
    }

    [Theory]
    [InlineData("bad-name", "validation_match_invalid")]
    [InlineData("null", "validation_not_in_invalid")]
    [InlineData("expand", "validation_not_in_invalid")]
    [InlineData("collectionName", "validation_not_in_invalid")]
    [InlineData("_rowid_", "validation_not_in_invalid")]
    [InlineData("a_via_b", "validation_invalid_name")]
    [InlineData("", "validation_required")]
    public void Field_name_rules(string name, string code)
    {
        var c = New("posts", new TextField { Name = "ok" }, new BoolField { Name = name, Id = "b1" });
        Assert.Equal(code, Code(Fails(c), "fields.2.name"));
    }

    [Fact]
    public void Field_names_are_unique_case_insensitively()
    {
        var c = New("posts", new TextField { Name = "title" }, new BoolField { Name = "TITLE" });
        Assert.Equal("validation_duplicated_field_name", Code(Fails(c), "fields.2.name"));
    }

    [Fact]
    public void Field_ids_are_unique()
    {
        var c = New("posts", new TextField { Name = "a", Id = "same" }, new BoolField { Name = "b", Id = "same" });
        Assert.Equal("validation_duplicated_field_id", Code(Fails(c), "fields.2.id"));
    }

    [Fact]
    public void System_fields_cannot_be_removed_renamed_or_retyped()
    {
        var old = CollectionDefaults.Users();
        var c = old.Clone();
        c.Fields.Remove(c.FindField("verified")!);
        Assert.Equal("validation_system_field_remove", Code(Fails(c, old), "fields"));

        c = old.Clone();
        c.FindField("emailVisibility")!.Name = "visible";
        Assert.Equal("validation_system_field_change", Code(Fails(c, old), "fields.4.name"));

        c = old.Clone();
        var index = c.Fields.IndexOf(c.FindField("verified")!);
        c.Fields[index] = new TextField { Id = old.Fields[index].Id, Name = "verified", System = true };
        Assert.Equal("validation_field_type_change", Code(Fails(c, old), $"fields.{index}.type"));
    }

    [Fact]
    public void Field_type_change_of_existing_field_is_rejected()
    {
        var old = New("posts", new TextField { Name = "title" });
        var c = old.Clone();
        c.Fields[1] = new NumberField { Id = old.Fields[1].Id, Name = "title" };
        Assert.Equal("validation_field_type_change", Code(Fails(c, old), "fields.1.type"));
    }

    [Fact]
    public void Primary_key_must_be_the_first_text_id()
    {
        var c = new Collection { Name = "posts", Id = "p1", Fields = [new TextField { Name = "title" }] };
        Assert.Equal("validation_missing_primary_key", Code(Fails(c), "fields"));

        c = new Collection { Name = "posts", Id = "p1", Fields = [new TextField { Name = "title", Id = "t" }, CollectionDefaults.IdField()] };
        Assert.Equal("validation_invalid_primary_key", Code(Fails(c), "fields.1.name"));

        c = New("posts", new TextField { Name = "other", PrimaryKey = true });
        Assert.Equal("validation_invalid_primary_key", Code(Fails(c), "fields.1.primaryKey"));
    }

    [Fact]
    public void Option_sanity_checks()
    {
        var c = New("posts",
            new TextField { Name = "t", Min = 10, Max = 5, Pattern = "([" },
            new NumberField { Name = "n", Min = 5, Max = 1 },
            new SelectField { Name = "s", Values = ["a", "a"], MaxSelect = -1 },
            new SelectField { Name = "s2" },
            new RelationField { Name = "r", CollectionId = "missing" },
            new FileField { Name = "f", Thumbs = ["axb"] },
            new DateField { Name = "d", Min = "2025-01-01 00:00:00.000Z", Max = "2024-01-01 00:00:00.000Z" },
            new PasswordField { Name = "p", Cost = 2 },
            new EmailField { Name = "e", ExceptDomains = ["a.com"], OnlyDomains = ["b.com"] },
            new TextField { Name = "g", AutogeneratePattern = "[^a]{3}" });
        var data = Fails(c);
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "fields.1.max"));
        Assert.Equal("validation_invalid_regex", Code(data, "fields.1.pattern"));
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "fields.2.max"));
        Assert.Equal("validation_duplicated_value", Code(data, "fields.3.values.1"));
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "fields.3.maxSelect"));
        Assert.Equal("validation_required", Code(data, "fields.4.values"));
        Assert.Equal("validation_missing_collection", Code(data, "fields.5.collectionId"));
        Assert.Equal("validation_invalid_thumb_format", Code(data, "fields.6.thumbs.0"));
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "fields.7.max"));
        Assert.Equal("validation_invalid_cost", Code(data, "fields.8.cost"));
        Assert.Equal("validation_empty", Code(data, "fields.9.exceptDomains"));
        Assert.Equal("validation_invalid_autogenerate_pattern", Code(data, "fields.10.autogeneratePattern"));
    }

    [Fact]
    public void Relations_to_views_are_rejected_and_self_relations_allowed()
    {
        var view = new Collection { Id = "v1", Name = "v", Type = CollectionType.View, ViewQuery = "SELECT 1" };
        var c = New("posts", new RelationField { Name = "r", CollectionId = "v1" });
        Assert.Equal("validation_relation_to_view", Code(Fails(c, null, [.. Stored, view]), "fields.1.collectionId"));

        c = New("posts");
        c.Fields.Add(new RelationField { Name = "parent", Id = "rel1", CollectionId = c.Id });
        CollectionValidator.Validate(c, null, Stored);
    }

    [Fact]
    public void Relation_target_cannot_change()
    {
        var old = New("posts", new RelationField { Name = "r", CollectionId = CollectionIds.Users });
        var c = old.Clone();
        ((RelationField)c.Fields[1]).CollectionId = CollectionIds.Superusers;
        Assert.Equal("validation_field_relation_change", Code(Fails(c, old), "fields.1.collectionId"));
    }

    [Fact]
    public void Index_checks()
    {
        var other = New("tags");
        other.Indexes.Add("CREATE INDEX `idx_taken` ON `tags` (`id`)");
        var c = New("posts", new TextField { Name = "title" });
        c.Indexes = [
            "CREATE INDEX `idx_ok` ON `posts` (`title`)",
            "nonsense",
            "CREATE INDEX `idx_col` ON `posts` (`missing`)",
            "CREATE INDEX `idx_tbl` ON `other` (`title`)",
            "CREATE INDEX `idx_ok` ON `posts` (`id`)",
            "CREATE INDEX `idx_taken` ON `posts` (`id`)",
        ];
        var data = Fails(c, null, [.. Stored, other]);
        Assert.Null(data["indexes"]!["0"]);
        Assert.Equal("validation_invalid_index_expression", Code(data, "indexes.1"));
        Assert.Equal("validation_invalid_index_column", Code(data, "indexes.2"));
        Assert.Equal("validation_invalid_index_table", Code(data, "indexes.3"));
        Assert.Equal("validation_existing_index_name", Code(data, "indexes.4"));
        Assert.Equal("validation_existing_index_name", Code(data, "indexes.5"));
    }

    [Fact]
    public void Auth_option_checks()
    {
        var c = new Collection { Name = "members", Type = CollectionType.Auth };
        CollectionDefaults.ApplyNew(c);
        c.Auth!.AuthToken.Duration = 5;
        c.Auth.FileToken.Secret = "short";
        c.Auth.IdentityFields = ["email", "nick"];
        c.Auth.Otp["length"] = 2;
        var data = Fails(c);
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "authToken.duration"));
        Assert.Equal("validation_length_out_of_range", Code(data, "fileToken.secret"));
        Assert.Equal("validation_missing_field", Code(data, "passwordAuth.identityFields.1"));
        Assert.Equal("validation_min_greater_equal_than_required", Code(data, "otp.length"));
    }

    [Fact]
    public void Identity_fields_need_a_unique_index()
    {
        var c = new Collection { Name = "members", Type = CollectionType.Auth, Fields = [new TextField { Name = "nick" }] };
        CollectionDefaults.ApplyNew(c);
        c.Auth!.IdentityFields = ["nick"];
        Assert.Equal("validation_missing_unique_constraint", Code(Fails(c), "passwordAuth.identityFields.0"));
        c.Indexes.Add("CREATE UNIQUE INDEX `idx_nick` ON `members` (`nick`)");
        CollectionValidator.Validate(c, null, Stored);
    }

    [Fact]
    public void Rule_hook_reports_invalid_rules()
    {
        var c = New("posts");
        c.ListRule = "bad ((";
        c.ViewRule = "";
        c.CreateRule = "good";
        var data = Fails(c, ruleError: r => r.Contains("((", StringComparison.Ordinal) ? "Invalid rule." : null);
        Assert.Equal("validation_invalid_rule", Code(data, "listRule"));
        Assert.Equal("Invalid rule.", data["listRule"]!["message"]!.GetValue<string>());
        Assert.Null(data["createRule"]);
        Assert.Null(data["viewRule"]);
    }

    [Fact]
    public void View_needs_a_query_and_no_indexes()
    {
        var v = new Collection { Id = "v1", Name = "v", Type = CollectionType.View, Indexes = ["CREATE INDEX i ON v (id)"] };
        var data = Fails(v);
        Assert.Equal("validation_required", Code(data, "viewQuery"));
        Assert.Equal("validation_view_indexes", Code(data, "indexes"));
    }

    [Fact]
    public void Full_read_then_validate_pipeline_for_an_api_create()
    {
        var c = CollectionJson.Read(Element("""{"name":"posts","fields":[{"name":"title","type":"text"},{"name":"tags","type":"select","values":["x"],"maxSelect":1}],"indexes":["CREATE INDEX `idx_t` ON `posts` (`title`)"]}"""), null);
        CollectionDefaults.ApplyNew(c);
        CollectionValidator.Validate(c, null, Stored);
        Assert.Equal("id", c.Fields[0].Name);
        Assert.Equal(3, c.Fields.Count);
    }
}
