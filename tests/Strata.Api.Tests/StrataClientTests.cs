using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>The SDK-shaped client of Strata.Testing against a real app, as an app's own tests would use it.</summary>
public sealed class StrataClientTests
{
    [Fact]
    public async Task Records_and_auth_work_like_the_js_sdk_and_errors_carry_the_contract_body()
    {
        await using var app = await TestApp.StartAsync();
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            type = "base",
            fields = new object[] { new { name = "title", type = "text", required = true }, new { name = "owner", type = "relation", collectionId = "_pb_users_auth_", maxSelect = 1 } },
            listRule = "owner = @request.auth.id",
            viewRule = "owner = @request.auth.id",
            createRule = "@request.auth.id != \"\" && owner = @request.auth.id",
            updateRule = "owner = @request.auth.id",
            deleteRule = "owner = @request.auth.id",
        });
        await app.AdminAsync(HttpMethod.Post, "api/collections/users/records",
            new { email = "ann@example.com", password = "ann-password-1", passwordConfirm = "ann-password-1" });

        var pb = app.Sdk();
        var guestCreate = await Assert.ThrowsAsync<StrataClientException>(() => pb.Collection("notes").CreateAsync(new { title = "x" }));
        Assert.Equal(400, guestCreate.Status);

        var auth = await pb.Collection("users").AuthWithPasswordAsync("ann@example.com", "ann-password-1");
        Assert.Equal(auth["token"]!.GetValue<string>(), pb.Token);
        var me = pb.AuthRecord!["id"]!.GetValue<string>();

        var created = await pb.Collection("notes").CreateAsync(new { title = "first", owner = me });
        var id = created["id"]!.GetValue<string>();
        Assert.Equal("first", (await pb.Collection("notes").GetOneAsync(id))["title"]!.GetValue<string>());
        await pb.Collection("notes").UpdateAsync(id, new { title = "renamed" });
        var page = await pb.Collection("notes").GetListAsync(1, 10, filter: "title ~ \"ren\"", sort: "-title");
        Assert.Equal(1, page["totalItems"]!.GetValue<int>());
        Assert.Equal(id, (await pb.Collection("notes").GetFirstListItemAsync("title = \"renamed\""))["id"]!.GetValue<string>());

        var invalid = await Assert.ThrowsAsync<StrataClientException>(() => pb.Collection("notes").CreateAsync(new { owner = me }));
        Assert.Equal(400, invalid.Status);
        Assert.Equal("validation_required", invalid.FieldErrors["title"]!["code"]!.GetValue<string>());

        pb.ClearAuth();
        var hidden = await Assert.ThrowsAsync<StrataClientException>(() => pb.Collection("notes").GetOneAsync(id));
        Assert.Equal(404, hidden.Status);
        Assert.Equal(404, hidden.Response!["status"]!.GetValue<int>());
        Assert.Equal(0, (await pb.Collection("notes").GetListAsync())["totalItems"]!.GetValue<int>());

        await pb.Collection("users").AuthWithPasswordAsync("ann@example.com", "ann-password-1");
        await pb.Collection("users").AuthRefreshAsync();
        await pb.Collection("notes").DeleteAsync(id);
        await Assert.ThrowsAsync<StrataClientException>(() => pb.Collection("notes").GetFirstListItemAsync("title = \"renamed\""));
    }
}
