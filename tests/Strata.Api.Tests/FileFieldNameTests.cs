using System.Text.Json.Nodes;
using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>A file field stores names; a name that is not already on the record is refused (contract §2.3).</summary>
public sealed class FileFieldNameTests
{
    private static async Task<IReadOnlyDictionary<string, string>> SetupAsync(TestApp app)
    {
        await app.AdminAsync(HttpMethod.Post, "api/collections", new
        {
            name = "docs",
            listRule = "",
            viewRule = "",
            createRule = "",
            updateRule = "",
            fields = new object[]
            {
                new { name = "title", type = "text" },
                new { name = "attachments", type = "file", maxSelect = 3 },
            },
        });
        var created = await app.AdminAsync(HttpMethod.Post, "api/collections/docs/records", new { title = "a" });
        return new Dictionary<string, string> { ["id"] = created!["id"]!.GetValue<string>() };
    }

    public static TheoryData<ApiScenario> Scenarios() =>
    [
        new ApiScenario
        {
            Name = "a new plain file name on create is refused",
            Method = "POST",
            Url = "/api/collections/docs/records",
            Body = new { title = "x", attachments = new[] { "evil.png" } },
            Setup = SetupAsync,
            ExpectedStatus = 400,
            ExpectedContent = ["\"attachments\":{\"code\":\"validation_invalid_file\""],
            After = async (app, _) =>
            {
                var list = await app.AdminAsync(HttpMethod.Get, "api/collections/docs/records");
                Assert.Equal(1, list!["totalItems"]!.GetValue<int>());
            },
        },
        new ApiScenario
        {
            Name = "clearing a file field with an empty list is allowed",
            Method = "PATCH",
            Url = "/api/collections/docs/records/{id}",
            Body = new { attachments = Array.Empty<string>() },
            Setup = SetupAsync,
            ExpectedStatus = 200,
            ExpectedContent = ["\"attachments\":[]"],
        },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => scenario.RunAsync();
}
