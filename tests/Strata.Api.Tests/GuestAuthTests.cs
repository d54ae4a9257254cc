using Strata.Testing;
using static Strata.Api.Tests.AuthClient;

namespace Strata.Api.Tests;

/// <summary>Guest sign-in and upgrade (/api/strata/collections/{c}/auth-as-guest, upgrade-guest).</summary>
public sealed class GuestAuthTests
{
    private const string SignIn = "api/strata/collections/users/auth-as-guest";

    [Fact]
    public async Task A_guest_signs_in_owns_records_and_upgrades_keeping_its_id()
    {
        await using var app = await TestApp.StartAsync();
        Assert.Equal(403, (await SendAsync(app, "POST", SignIn, null, new { name = "John" })).Status);
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users", new { guestAuth = new { enabled = true, fields = new[] { "name" } } });
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            listRule = "owner = @request.auth.id",
            createRule = "owner = @request.auth.id",
            fields = new object[] { new { name = "text", type = "text" }, new { name = "owner", type = "relation", collectionId = "_pb_users_auth_", maxSelect = 1 } },
        });

        var unknown = await SendAsync(app, "POST", SignIn, null, new { name = "John", email = "x@y.z" });
        Assert.Equal(400, unknown.Status);
        Assert.Equal("validation_unknown_field", unknown.Body!["data"]!["email"]!["code"]!.GetValue<string>());

        var guest = await SendAsync(app, "POST", SignIn, null, new { name = "John" });
        Assert.Equal(200, guest.Status);
        var token = guest.Text("token");
        var id = guest.Body!["record"]!["id"]!.GetValue<string>();
        Assert.Equal("John", guest.Body!["record"]!["name"]!.GetValue<string>());
        Assert.Equal("", guest.Body!["record"]!["email"]!.GetValue<string>());
        Assert.Equal(200, await RefreshStatusAsync(app, token));
        Assert.Equal(200, (await SendAsync(app, "POST", "api/collections/notes/records", token, new { text = "mine", owner = id })).Status);

        var mismatch = await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", token,
            new { email = "john@strata.test", password = "john-password-1", passwordConfirm = "other-password-1" });
        Assert.Equal(400, mismatch.Status);
        var upgraded = await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", token,
            new { email = "john@strata.test", password = "john-password-1", passwordConfirm = "john-password-1" });
        Assert.Equal(200, upgraded.Status);
        Assert.Equal(id, upgraded.Body!["record"]!["id"]!.GetValue<string>());
        Assert.Equal("john@strata.test", upgraded.Body!["record"]!["email"]!.GetValue<string>());
        Assert.Equal(401, await RefreshStatusAsync(app, token));

        var login = await LoginAsync(app, "john@strata.test", "john-password-1");
        var notes = await SendAsync(app, "GET", "api/collections/notes/records", login);
        Assert.Equal(1, notes.Body!["totalItems"]!.GetValue<int>());
        var again = await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", login,
            new { email = "j2@strata.test", password = "john-password-2", passwordConfirm = "john-password-2" });
        Assert.Equal(400, again.Status);
    }

    [Fact]
    public async Task Upgrade_needs_a_guest_token_and_a_valid_unique_email()
    {
        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Patch, "api/collections/users", new { guestAuth = new { enabled = true, fields = new[] { "name" } } });
        await CreateUserAsync(app, "taken@strata.test");
        Assert.Equal(401, (await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", null, new { email = "a@b.c" })).Status);
        var token = (await SendAsync(app, "POST", SignIn, null, new { name = "G" })).Text("token");
        var taken = await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", token,
            new { email = "taken@strata.test", password = "guest-password-1", passwordConfirm = "guest-password-1" });
        Assert.Equal(400, taken.Status);
        var empty = await SendAsync(app, "POST", "api/strata/collections/users/upgrade-guest", token, new { });
        Assert.Equal(400, empty.Status);
        Assert.Equal(200, await RefreshStatusAsync(app, token));
        Assert.Equal(404, (await SendAsync(app, "POST", "api/strata/collections/nope/auth-as-guest", null, new { })).Status);
        await app.AdminAsync(HttpMethod.Patch, "api/collections/_superusers", new { guestAuth = new { enabled = true } });
        Assert.Equal(403, (await SendAsync(app, "POST", "api/strata/collections/_superusers/auth-as-guest", null, new { })).Status);
    }
}
