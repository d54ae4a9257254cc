namespace Strata.Core.Records;

/// <summary>The search parameters of a records list (contract §1.1), already parsed and clamped.</summary>
public sealed record ListParams
{
    /// <summary>The 1-based page.</summary>
    public int Page { get; init; } = 1;

    /// <summary>Items per page (1..1000).</summary>
    public int PerPage { get; init; } = 30;

    /// <summary>The sort expression, or null.</summary>
    public string? Sort { get; init; }

    /// <summary>The filter expression, or null.</summary>
    public string? Filter { get; init; }

    /// <summary>The expand paths, or null.</summary>
    public string? Expand { get; init; }

    /// <summary>Skip the count query (totals become -1).</summary>
    public bool SkipTotal { get; init; }
}
