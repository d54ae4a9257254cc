using System.Net;
using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>The crons API of contract §8.5 over an app's schedules.</summary>
public sealed class CronsApiTests
{
    [Fact]
    public async Task Superusers_list_crons_and_run_one_now()
    {
        var runs = 0;
        await using var app = await TestApp.StartAsync(a => a.Jobs.Cron("cleanup", "0 */6 * * *", (_, _) =>
        {
            Interlocked.Increment(ref runs);
            return Task.CompletedTask;
        }));

        var list = (JsonArray)(await app.AdminAsync(HttpMethod.Get, "api/crons"))!;
        Assert.Single(list);
        Assert.Equal("cleanup", list[0]!["id"]!.GetValue<string>());
        Assert.Equal("0 */6 * * *", list[0]!["expression"]!.GetValue<string>());

        await app.AdminAsync(HttpMethod.Post, "api/crons/cleanup");
        for (var i = 0; i < 100 && Volatile.Read(ref runs) == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(1, Volatile.Read(ref runs));

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "api/crons/nope");
        unknown.Headers.TryAddWithoutValidation("Authorization", await app.SuperuserTokenAsync());
        using var response = await app.Client.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Missing or invalid cron job.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var guest = await app.Client.GetAsync(new Uri("api/crons", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, guest.StatusCode);
    }
}
