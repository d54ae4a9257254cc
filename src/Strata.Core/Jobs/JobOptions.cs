namespace Strata.Core.Jobs;

/// <summary>How a job is enqueued.</summary>
public sealed record JobOptions
{
    /// <summary>The queue; concurrency is configured per queue.</summary>
    public string Queue { get; init; } = "default";

    /// <summary>Run no earlier than this from now.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.Zero;

    /// <summary>Attempts before the job is dead-lettered.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>While a job with this key is pending or running, enqueueing again returns it instead of adding another.</summary>
    public string? DedupeKey { get; init; }
}
