namespace Strata.Bench.Baseline;

/// <summary>One row of the benchmark's <c>posts</c> table; dates are kept in the API's text form.</summary>
public sealed class Post
{
    public string Id { get; set; } = "";

    public string Title { get; set; } = "";

    public string Body { get; set; } = "";

    public string Status { get; set; } = "";

    public double Views { get; set; }

    public string Published { get; set; } = "";

    public string Author { get; set; } = "";

    public string Created { get; set; } = "";

    public string Updated { get; set; } = "";
}
