using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>
/// One seeded app shared by the rows of a read-only table (rows that don't write, or write only to the <c>open</c>
/// collection without depending on its contents), so a table costs one app start instead of one per row.
/// </summary>
public sealed class BlogFixture : IAsyncLifetime
{
    private TestApp? _app;
    private IReadOnlyDictionary<string, string>? _values;

    public TestApp App => _app ?? throw new InvalidOperationException("not started");

    public IReadOnlyDictionary<string, string> Values => _values ?? throw new InvalidOperationException("not started");

    /// <summary>Runs a row on the shared app with the seeded placeholders (the row's own Setup, if any, adds to them).</summary>
    public Task RunAsync(ApiScenario scenario)
    {
        var own = scenario.Setup;
        var seeded = Values;
        var holder = new Dictionary<string, string>();
        Blog.Current.Value = holder;
        return (scenario with
        {
            Setup = async app =>
            {
                var d = new Dictionary<string, string>(seeded);
                foreach (var (k, v) in d)
                {
                    holder[k] = v;
                }

                if (own is not null)
                {
                    foreach (var (k, v) in await own(app))
                    {
                        d[k] = v;
                        holder[k] = v;
                    }
                }

                return d;
            },
        }).RunAsync(App);
    }

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _values = await Blog.SeedAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
