using System.Net;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Re-running the superuser bootstrap keeps sessions unless the password really changes.</summary>
public sealed class SuperuserBootstrapTests
{
    private static async Task<HttpStatusCode> ListCollectionsAsync(TestApp app, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/collections");
        request.Headers.TryAddWithoutValidation("Authorization", token);
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_same_password_keeps_tokens_and_a_new_one_revokes_them()
    {
        await using var app = await TestApp.StartAsync();
        var token = await app.SuperuserTokenAsync();

        Assert.False(await SuperuserCommands.UpsertAsync(app.Engine, TestApp.SuperuserEmail, TestApp.SuperuserPassword));
        Assert.Equal(HttpStatusCode.OK, await ListCollectionsAsync(app, token));

        await SuperuserCommands.UpsertAsync(app.Engine, TestApp.SuperuserEmail, "a-brand-new-password");
        // The old token now belongs to a revoked session: the request runs as a guest.
        Assert.Equal(HttpStatusCode.Unauthorized, await ListCollectionsAsync(app, token));
    }
}
