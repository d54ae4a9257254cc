using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class CollectionDefaultsTests
{
    [Fact]
    public void Id_field_has_the_contract_options()
    {
        var id = CollectionDefaults.IdField();
        Assert.Equal("id", id.Name);
        Assert.True(id.PrimaryKey && id.System && id.Required);
        Assert.Equal(15, id.Min);
        Assert.Equal(15, id.Max);
        Assert.Equal("^[a-z0-9]+$", id.Pattern);
        Assert.Equal("[a-z0-9]{15}", id.AutogeneratePattern);
    }

    [Fact]
    public void Superusers_matches_the_contract()
    {
        var s = CollectionDefaults.Superusers();
        Assert.Equal("pbc_3142635823", s.Id);
        Assert.Equal("_superusers", s.Name);
        Assert.True(s.System);
        Assert.Equal(CollectionType.Auth, s.Type);
        Assert.Null(s.ListRule);
        Assert.Null(s.ViewRule);
        Assert.Null(s.CreateRule);
        Assert.Null(s.UpdateRule);
        Assert.Null(s.DeleteRule);
        Assert.Equal(86400, s.Auth!.AuthToken.Duration);
        Assert.Equal(["id", "password", "tokenKey", "email", "emailVisibility", "verified", "created", "updated"], s.Fields.Select(f => f.Name));
        Assert.Equal(["email"], s.Auth.IdentityFields);
        CollectionValidator.Validate(s, null, []);
    }

    [Fact]
    public void Users_matches_the_contract()
    {
        var u = CollectionDefaults.Users();
        Assert.Equal("_pb_users_auth_", u.Id);
        Assert.Equal("users", u.Name);
        Assert.False(u.System);
        Assert.Equal("id = @request.auth.id", u.ListRule);
        Assert.Equal("id = @request.auth.id", u.ViewRule);
        Assert.Equal("", u.CreateRule);
        Assert.Equal("id = @request.auth.id", u.UpdateRule);
        Assert.Equal("id = @request.auth.id", u.DeleteRule);
        var name = Assert.IsType<TextField>(u.FindField("name"));
        Assert.Equal(255, name.Max);
        var avatar = Assert.IsType<FileField>(u.FindField("avatar"));
        Assert.False(avatar.IsMultiValued);
        Assert.Contains("image/png", avatar.MimeTypes);
        Assert.IsType<AutodateField>(u.FindField("created"));
        Assert.True(((AutodateField)u.FindField("updated")!).OnUpdate);
        Assert.Contains("CREATE UNIQUE INDEX `idx_tokenKey__pb_users_auth_` ON `users` (`tokenKey`)", u.Indexes);
        Assert.Contains("CREATE UNIQUE INDEX `idx_email__pb_users_auth_` ON `users` (`email`) WHERE `email` != ''", u.Indexes);
        CollectionValidator.Validate(u, null, []);
    }

    [Fact]
    public void Auth_system_fields_have_the_contract_options()
    {
        var fields = CollectionDefaults.AuthSystemFields().ToDictionary(f => f.Name);
        var password = Assert.IsType<PasswordField>(fields["password"]);
        Assert.True(password.Hidden && password.Required && password.System);
        Assert.Equal(8, password.Min);
        var tokenKey = Assert.IsType<TextField>(fields["tokenKey"]);
        Assert.True(tokenKey.Hidden && tokenKey.Required);
        Assert.Equal((30, 60), (tokenKey.Min, tokenKey.Max));
        Assert.Equal("[a-zA-Z0-9]{50}", tokenKey.AutogeneratePattern);
        Assert.True(Assert.IsType<EmailField>(fields["email"]).Required);
        Assert.IsType<BoolField>(fields["emailVisibility"]);
        Assert.IsType<BoolField>(fields["verified"]);
        Assert.Equal("password901924565", password.Id);
    }

    [Fact]
    public void Scaffolds_have_empty_id_and_name()
    {
        var s = CollectionDefaults.Scaffolds();
        Assert.Equal(["auth", "base", "view"], s.Keys.Order(StringComparer.Ordinal));
        foreach (var c in s.Values)
        {
            Assert.Equal("", c.Id);
            Assert.Equal("", c.Name);
        }

        Assert.Equal(6, s["auth"].Fields.Count);
        Assert.Single(s["base"].Fields);
        Assert.Empty(s["view"].Fields);
        var json = CollectionJson.ToJsonObject(s["auth"]);
        Assert.Equal("auth", json["type"]!.GetValue<string>());
    }

    [Fact]
    public void ApplyNew_on_api_base_collection_adds_only_id()
    {
        var c = new Collection { Name = "posts", Fields = [new TextField { Name = "title" }] };
        CollectionDefaults.ApplyNew(c);
        Assert.Equal(CollectionIds.ForCollection(CollectionType.Base, "posts"), c.Id);
        Assert.Equal(["id", "title"], c.Fields.Select(f => f.Name));
        Assert.Null(c.FindField("created"));
        Assert.NotEqual("", c.Created);
    }

    [Fact]
    public void ApplyNew_on_auth_adds_system_fields_indexes_and_secrets()
    {
        var c = new Collection { Name = "members", Type = CollectionType.Auth, Fields = [new TextField { Name = "nick" }] };
        CollectionDefaults.ApplyNew(c);
        Assert.Equal(["id", "password", "tokenKey", "email", "emailVisibility", "verified", "nick"], c.Fields.Select(f => f.Name));
        Assert.Equal(2, c.Indexes.Count);
        Assert.All(c.Auth!.Tokens(), t => Assert.True(t.Config.Secret.Length >= 30));
        Assert.NotEqual(c.Auth.AuthToken.Secret, c.Auth.FileToken.Secret);
        Assert.NotEqual("", c.Auth.VerificationTemplate.Subject);
        Assert.Equal("", c.Auth.AuthRule);
        CollectionValidator.Validate(c, null, []);
    }

    [Fact]
    public void ApplyNew_moves_a_given_id_field_first()
    {
        var c = new Collection { Name = "p", Fields = [new TextField { Name = "a" }, CollectionDefaults.IdField()] };
        CollectionDefaults.ApplyNew(c);
        Assert.Equal(["id", "a"], c.Fields.Select(f => f.Name));
    }
}
