using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Xunit;
using static Strata.Core.Tests.Schema.SchemaSamples;

namespace Strata.Core.Tests.Schema;

public sealed class CollectionJsonTests
{
    private static Collection RoundTrip(Collection c, out string first, out string second)
    {
        first = Write(c);
        var read = CollectionJson.Read(Element(first), null);
        read.Created = c.Created;
        read.Updated = c.Updated;
        second = Write(read);
        return read;
    }

    [Fact]
    public void Base_collection_round_trips_with_every_field_type()
    {
        var read = RoundTrip(Base(), out var first, out var second);
        Assert.Equal(first, second);
        Assert.Equal(15, read.Fields.Count);
        Assert.Equal(Field.TypeNames.OrderBy(t => t, StringComparer.Ordinal), read.Fields.Skip(1).Select(f => f.Type).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void Auth_collection_round_trips()
    {
        var users = CollectionDefaults.Users();
        var read = RoundTrip(users, out var first, out var second);
        Assert.Equal(first, second);
        Assert.Equal(CollectionType.Auth, read.Type);
    }

    [Fact]
    public void View_collection_round_trips()
    {
        var view = new Collection { Name = "v", Type = CollectionType.View, ViewQuery = "SELECT id FROM posts", Fields = [new TextField { Name = "id" }] };
        CollectionDefaults.ApplyNew(view);
        RoundTrip(view, out var first, out var second);
        Assert.Equal(first, second);
        Assert.Equal("SELECT id FROM posts", Obj(first)["viewQuery"]!.GetValue<string>());
    }

    [Fact]
    public void Common_collection_keys_are_written()
    {
        var o = Obj(Write(Base()));
        foreach (var key in new[] { "id", "name", "type", "system", "fields", "indexes", "listRule", "viewRule", "createRule", "updateRule", "deleteRule", "created", "updated" })
        {
            Assert.True(o.ContainsKey(key), key);
        }

        Assert.Equal("base", o["type"]!.GetValue<string>());
        Assert.Null(o["createRule"]);
        Assert.True(o.ContainsKey("createRule"));
        Assert.Equal("", o["listRule"]!.GetValue<string>());
        Assert.False(o.ContainsKey("viewQuery"));
        Assert.False(o.ContainsKey("authRule"));
        Assert.False(o.ContainsKey("passwordAuth"));
    }

    [Fact]
    public void Auth_keys_are_written_without_secrets()
    {
        var users = CollectionDefaults.Users();
        var providers = new JsonArray { new JsonObject { ["name"] = "google", ["clientId"] = "cid", ["clientSecret"] = "shh" } };
        users.Auth!.OAuth2["providers"] = providers;
        var json = Write(users);
        var o = Obj(json);
        Assert.DoesNotContain("secret", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(users.Auth.AuthToken.Secret, json, StringComparison.Ordinal);
        Assert.Equal(432000, o["authToken"]!["duration"]!.GetValue<long>());
        Assert.Equal("cid", o["oauth2"]!["providers"]![0]!["clientId"]!.GetValue<string>());
        Assert.Equal("", o["authRule"]!.GetValue<string>());
        Assert.Null(o["manageRule"]);
        foreach (var key in new[] { "authAlert", "oauth2", "passwordAuth", "mfa", "otp", "authToken", "passwordResetToken", "emailChangeToken", "verificationToken", "fileToken", "verificationTemplate", "resetPasswordTemplate", "confirmEmailChangeTemplate" })
        {
            Assert.True(o.ContainsKey(key), key);
        }

        Assert.Equal("email", o["passwordAuth"]!["identityFields"]![0]!.GetValue<string>());
        Assert.Equal(600, o["mfa"]!["duration"]!.GetValue<int>());
        Assert.Equal(8, o["otp"]!["length"]!.GetValue<int>());
        Assert.Single(users.Auth.OAuth2["providers"]!.AsArray());
        Assert.Equal("shh", users.Auth.OAuth2["providers"]![0]!["clientSecret"]!.GetValue<string>());
    }

    [Fact]
    public void Providers_are_an_empty_array_by_default()
    {
        var o = Obj(Write(CollectionDefaults.Superusers()));
        Assert.Empty(o["oauth2"]!["providers"]!.AsArray());
    }

    [Theory]
    [InlineData("text", new[] { "min", "max", "pattern", "autogeneratePattern", "primaryKey", "required", "help" })]
    [InlineData("number", new[] { "min", "max", "onlyInt", "required", "help" })]
    [InlineData("bool", new[] { "required", "help" })]
    [InlineData("email", new[] { "exceptDomains", "onlyDomains", "required", "help" })]
    [InlineData("url", new[] { "exceptDomains", "onlyDomains", "required", "help" })]
    [InlineData("editor", new[] { "maxSize", "convertURLs", "required", "help" })]
    [InlineData("date", new[] { "min", "max", "required", "help" })]
    [InlineData("autodate", new[] { "onCreate", "onUpdate" })]
    [InlineData("select", new[] { "values", "maxSelect", "required", "help" })]
    [InlineData("file", new[] { "maxSelect", "maxSize", "mimeTypes", "thumbs", "protected", "required", "help" })]
    [InlineData("relation", new[] { "collectionId", "cascadeDelete", "minSelect", "maxSelect", "required", "help" })]
    [InlineData("json", new[] { "maxSize", "required", "help" })]
    [InlineData("password", new[] { "min", "max", "pattern", "cost", "required", "help" })]
    [InlineData("geoPoint", new[] { "required", "help" })]
    public void Field_json_has_exactly_the_contract_keys(string type, string[] options)
    {
        var field = Field.Create(type)!;
        field.Name = "f";
        field.Id = "x";
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            field.WriteJson(w);
        }

        var o = JsonNode.Parse(stream.ToArray())!.AsObject();
        var expected = new[] { "id", "name", "type", "system", "hidden", "presentable" }.Concat(options).OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(expected, o.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal(type, o["type"]!.GetValue<string>());
    }

    [Fact]
    public void Number_min_max_may_be_null()
    {
        var o = Obj(Write(Base()));
        var views = o["fields"]!.AsArray().First(f => f!["name"]!.GetValue<string>() == "views")!;
        Assert.Equal(0, views["min"]!.GetValue<double>());
        Assert.Null(views["max"]);
        Assert.True(views.AsObject().ContainsKey("max"));
    }

    [Fact]
    public void Create_reads_type_and_generates_missing_field_ids()
    {
        var c = CollectionJson.Read(Element("""{"name":"posts","fields":[{"name":"title","type":"text","max":10}]}"""), null);
        Assert.Equal(CollectionType.Base, c.Type);
        Assert.Equal(CollectionIds.ForField("text", "title"), c.Fields[0].Id);
        Assert.Equal(10, ((TextField)c.Fields[0]).Max);
        Assert.Null(c.ListRule);
    }

    [Fact]
    public void Create_with_auth_type_gets_auth_options()
    {
        var c = CollectionJson.Read(Element("""{"name":"members","type":"auth","authToken":{"duration":100,"secret":"abc"},"authRule":null}"""), null);
        Assert.NotNull(c.Auth);
        Assert.Equal(100, c.Auth!.AuthToken.Duration);
        Assert.Equal("abc", c.Auth.AuthToken.Secret);
        Assert.Null(c.Auth.AuthRule);
    }

    [Fact]
    public void Patch_changes_only_present_keys_and_leaves_existing_untouched()
    {
        var existing = Base();
        var before = Write(existing);
        var c = CollectionJson.Read(Element("""{"listRule":null,"viewRule":"id != ''"}"""), existing);
        Assert.Null(c.ListRule);
        Assert.Equal("id != ''", c.ViewRule);
        Assert.Equal(existing.Name, c.Name);
        Assert.Equal(existing.Fields.Count, c.Fields.Count);
        Assert.Equal(before, Write(existing));
        Assert.Equal(existing.Id, c.Id);
    }

    [Fact]
    public void Patch_ignores_id_changes()
    {
        var existing = Base();
        var c = CollectionJson.Read(Element("""{"id":"other"}"""), existing);
        Assert.Equal(existing.Id, c.Id);
    }

    [Fact]
    public void Patch_fields_replace_the_list_and_merge_by_id()
    {
        var existing = Base();
        var titleId = existing.FindField("title")!.Id;
        var c = CollectionJson.Read(Element($$"""{"fields":[{"id":"text3208210256","name":"id","type":"text"},{"id":"{{titleId}}","name":"heading","type":"text"},{"name":"extra","type":"bool"}]}"""), existing);
        Assert.Equal(3, c.Fields.Count);
        var heading = Assert.IsType<TextField>(c.Fields[1]);
        Assert.Equal(titleId, heading.Id);
        Assert.Equal(200, heading.Max);
        Assert.True(heading.Required);
        Assert.True(((TextField)c.Fields[0]).PrimaryKey);
        Assert.Equal(CollectionIds.ForField("bool", "extra"), c.Fields[2].Id);
        Assert.Equal("title", existing.FindField("title")!.Name);
    }

    [Fact]
    public void Patch_token_duration_keeps_secret()
    {
        var users = CollectionDefaults.Users();
        var secret = users.Auth!.AuthToken.Secret;
        var c = CollectionJson.Read(Element("""{"authToken":{"duration":99}}"""), users);
        Assert.Equal(99, c.Auth!.AuthToken.Duration);
        Assert.Equal(secret, c.Auth.AuthToken.Secret);
        Assert.Equal(432000, users.Auth.AuthToken.Duration);
    }

    [Fact]
    public void Patch_provider_without_client_secret_keeps_stored_secret()
    {
        var users = CollectionDefaults.Users();
        users.Auth!.OAuth2["providers"] = new JsonArray { new JsonObject { ["name"] = "google", ["clientId"] = "a", ["clientSecret"] = "s1" } };
        var c = CollectionJson.Read(Element("""{"oauth2":{"enabled":true,"providers":[{"name":"google","clientId":"b"}]}}"""), users);
        var p = c.Auth!.OAuth2["providers"]![0]!;
        Assert.Equal("b", p["clientId"]!.GetValue<string>());
        Assert.Equal("s1", p["clientSecret"]!.GetValue<string>());
        Assert.True(c.Auth.OAuth2["enabled"]!.GetValue<bool>());
        Assert.Equal("name", c.Auth.OAuth2["mappedFields"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Patch_rename_retargets_indexes()
    {
        var existing = Base();
        var c = CollectionJson.Read(Element("""{"name":"articles"}"""), existing);
        Assert.Equal("CREATE UNIQUE INDEX `idx_title` ON `articles` (`title`)", c.Indexes[0]);
    }

    [Fact]
    public void Errors_are_collected_with_paths()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element(
            """{"name":5,"type":"weird","fields":[{"name":"a","type":"text"},{"name":"b","type":"nope"},{"name":"c","type":"select","maxSelect":"x","values":[1]}],"listRule":3}"""), null));
        Assert.Equal(400, ex.Status);
        Assert.Equal("Failed to create collection.", ex.Message);
        var d = ex.ErrorData;
        Assert.Equal("validation_invalid_type", d["name"]!["code"]!.GetValue<string>());
        Assert.Equal("validation_in_invalid", d["type"]!["code"]!.GetValue<string>());
        Assert.Equal("validation_in_invalid", d["fields"]!["1"]!["type"]!["code"]!.GetValue<string>());
        Assert.NotNull(d["fields"]!["2"]!["maxSelect"]);
        Assert.NotNull(d["fields"]!["2"]!["values"]);
        Assert.NotNull(d["listRule"]);
    }

    [Fact]
    public void Missing_field_type_is_required()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element("""{"name":"x","fields":[{"name":"a"}]}"""), null));
        Assert.Equal("validation_required", ex.ErrorData["fields"]!["0"]!["type"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void Patch_field_without_type_keeps_the_existing_type()
    {
        var existing = Base();
        var views = existing.FindField("views")!;
        var c = CollectionJson.Read(Element($$"""{"fields":[{"id":"text3208210256","name":"id"},{"id":"{{views.Id}}","name":"views","onlyInt":false}]}"""), existing);
        var n = Assert.IsType<NumberField>(c.Fields[1]);
        Assert.False(n.OnlyInt);
        Assert.Equal(0, n.Min);
    }

    [Fact]
    public void Update_errors_use_the_update_message()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element("""{"system":"yes"}"""), Base()));
        Assert.Equal("Failed to update collection.", ex.Message);
        Assert.Equal("validation_invalid_type", ex.ErrorData["system"]!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("\"x\"")]
    public void Non_object_bodies_are_400(string json)
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element(json), null));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void Malformed_json_text_is_400()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read("{\"name\":", null));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void Fields_must_be_an_array_of_objects()
    {
        var ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element("""{"fields":{"a":1}}"""), null));
        Assert.Equal("validation_invalid_type", ex.ErrorData["fields"]!["code"]!.GetValue<string>());
        ex = Assert.Throws<StrataException>(() => CollectionJson.Read(Element("""{"fields":[1]}"""), null));
        Assert.NotNull(ex.ErrorData["fields"]!["0"]);
    }

    [Fact]
    public void Date_options_are_stored_canonically()
    {
        var c = CollectionJson.Read(Element("""{"name":"x","fields":[{"name":"d","type":"date","min":"2024-01-02","max":"2024-02-03T10:00:00+02:00"}]}"""), null);
        var d = Assert.IsType<DateField>(c.Fields[0]);
        Assert.Equal("2024-01-02 00:00:00.000Z", d.Min);
        Assert.Equal("2024-02-03 08:00:00.000Z", d.Max);
    }

    [Fact]
    public void Null_number_bound_clears_it()
    {
        var existing = Base();
        var viewsId = existing.FindField("views")!.Id;
        var c = CollectionJson.Read(Element($$"""{"fields":[{"id":"text3208210256","name":"id","type":"text"},{"id":"{{viewsId}}","name":"views","type":"number","min":null,"max":7.5}]}"""), existing);
        var n = Assert.IsType<NumberField>(c.Fields[1]);
        Assert.Null(n.Min);
        Assert.Equal(7.5, n.Max);
    }
}
