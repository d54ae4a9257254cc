using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Api.Http;
using Strata.Core.Errors;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>An app adds services, hooks and routes to the same pipeline the strata program serves.</summary>
public sealed class StrataAppTests
{
    private sealed record Greeter(string Word);

    private static void Configure(StrataApp app)
    {
        app.ConfigureServices(s => s.AddSingleton(new Greeter("hello")));
        app.Hooks.OnCreate("notes", async (e, next) =>
        {
            if (e.Record.GetString("title").Contains("spam", StringComparison.OrdinalIgnoreCase))
            {
                e.Errors.Add("title", new FieldError("validation_spam", "Looks like spam."));
            }

            e.Record.Set("title", e.Record.GetString("title").Trim());
            await next();
        });
        app.MapRoutes(r =>
        {
            r.MapGet("/api/hello", (HttpContext c, Greeter g) => new { message = g.Word, who = c.Strata().Auth?.Collection.Name ?? "guest" });
            r.MapGet("/api/admin-only", (HttpContext c) =>
            {
                c.Strata().RequireSuperuser();
                return new { ok = true };
            });
        });
    }

    private static async Task<TestApp> StartAsync()
    {
        var app = await TestApp.StartAsync(Configure);
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "notes",
            listRule = "",
            createRule = "",
            fields = new object[] { new { name = "title", type = "text" } },
        });
        return app;
    }

    [Fact]
    public async Task Routes_see_services_and_the_requester_and_errors_use_the_contract_shape()
    {
        await using var app = await StartAsync();
        var guest = await app.Client.GetFromJsonAsync<JsonObject>("api/hello");
        Assert.Equal("hello", guest!["message"]!.GetValue<string>());
        Assert.Equal("guest", guest["who"]!.GetValue<string>());

        using var denied = await app.Client.GetAsync(new Uri("api/admin-only", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        var body = await denied.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(401, body!["status"]!.GetValue<int>());
        Assert.NotNull(body["data"]);

        var admin = await app.AdminAsync(HttpMethod.Get, "api/admin-only");
        Assert.True(admin!["ok"]!.GetValue<bool>());
        var who = await app.AdminAsync(HttpMethod.Get, "api/hello");
        Assert.Equal("_superusers", who!["who"]!.GetValue<string>());
    }

    [Fact]
    public async Task Hooks_change_records_and_add_field_errors_through_the_api()
    {
        await using var app = await StartAsync();
        using var ok = await app.Client.PostAsJsonAsync("api/collections/notes/records", new { title = "  padded  " });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("padded", (await ok.Content.ReadFromJsonAsync<JsonObject>())!["title"]!.GetValue<string>());

        using var spam = await app.Client.PostAsJsonAsync("api/collections/notes/records", new { title = "buy SPAM now" });
        Assert.Equal(HttpStatusCode.BadRequest, spam.StatusCode);
        var error = await spam.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Failed to create record.", error!["message"]!.GetValue<string>());
        Assert.Equal("validation_spam", error["data"]!["title"]!["code"]!.GetValue<string>());
        var list = await app.Client.GetFromJsonAsync<JsonObject>("api/collections/notes/records");
        Assert.Equal(1, list!["totalItems"]!.GetValue<int>());
    }
}
