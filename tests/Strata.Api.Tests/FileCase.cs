using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>One row of a file scenario table: a name and the steps, run on a fresh app with the docs collection.</summary>
public sealed record FileCase(string Name, Func<TestApp, Task> Run, string? ViewRule = "", string? CreateRule = "")
{
    public async Task RunAsync()
    {
        await using var app = await TestApp.StartAsync();
        await FileKit.SetupAsync(app, ViewRule, CreateRule);
        try
        {
            await Run(app);
        }
        catch (Exception e) when (e is not ScenarioFailedException)
        {
            throw new ScenarioFailedException($"[{app.EngineName}/{app.StorageName}] {Name}: {e.Message}", e);
        }
    }

    public override string ToString() => Name;
}
