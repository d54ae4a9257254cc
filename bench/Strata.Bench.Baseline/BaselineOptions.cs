namespace Strata.Bench.Baseline;

/// <summary>Command-line options: <c>--http</c>, <c>--sqlite</c> or <c>--pg</c>, <c>--synchronous</c>.</summary>
public sealed record BaselineOptions(string Url, string? Sqlite, string? Pg, string Synchronous)
{
    public static BaselineOptions Parse(string[] args)
    {
        string http = "127.0.0.1:8091", synchronous = "NORMAL";
        string? sqlite = null, pg = null;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--http": http = args[i + 1]; break;
                case "--sqlite": sqlite = args[i + 1]; break;
                case "--pg": pg = args[i + 1]; break;
                case "--synchronous": synchronous = args[i + 1]; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if ((sqlite is null) == (pg is null))
        {
            throw new ArgumentException("usage: strata-baseline --http 127.0.0.1:PORT (--sqlite FILE | --pg CONNECTION)");
        }

        return new BaselineOptions(http.Contains("://", StringComparison.Ordinal) ? http : "http://" + http, sqlite, pg, synchronous);
    }
}
