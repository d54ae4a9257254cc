using Strata.Testing;

namespace Strata.Api.Tests;

/// <summary>Runs a row on its own fresh app seeded with <see cref="Blog"/> (for rows that change data).</summary>
internal static class Seeded
{
    public static Task RunFreshAsync(this ApiScenario scenario)
    {
        var own = scenario.Setup;
        var holder = new Dictionary<string, string>();
        Blog.Current.Value = holder;
        return (scenario with
        {
            Setup = async app =>
            {
                var d = new Dictionary<string, string>(await Blog.SeedAsync(app));
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
        }).RunAsync();
    }
}
