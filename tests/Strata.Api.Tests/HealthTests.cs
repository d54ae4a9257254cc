using Strata.Testing;

namespace Strata.Api.Tests;

public sealed class HealthTests
{
    public static TheoryData<ApiScenario> Scenarios() =>
    [
        new ApiScenario
        {
            Name = "health for a guest",
            Url = "/api/health",
            ExpectedStatus = 200,
            ExpectedContent = ["\"code\":200", "\"message\":\"API is healthy.\"", "\"data\":{}"],
        },
        new ApiScenario
        {
            Name = "health for a superuser shows the extra data",
            Url = "/api/health",
            As = "superuser",
            ExpectedStatus = 200,
            ExpectedContent = ["\"canBackup\":", "\"realIP\":\"127.0.0.1\""],
        },
        new ApiScenario
        {
            Name = "unknown route gives the contract 404 body",
            Url = "/api/nope",
            ExpectedStatus = 404,
            ExpectedContent = ["\"status\":404", "\"message\":\"The requested resource wasn't found.\"", "\"data\":{}"],
        },
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario(ApiScenario scenario) => scenario.RunAsync();
}
