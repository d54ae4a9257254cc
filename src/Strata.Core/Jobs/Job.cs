using System.Text.Json.Nodes;

namespace Strata.Core.Jobs;

/// <summary>A job as stored in the queue.</summary>
public sealed record Job
{
    /// <summary>The id.</summary>
    public required string Id { get; init; }

    /// <summary>The queue (concurrency is per queue).</summary>
    public required string Queue { get; init; }

    /// <summary>The handler name.</summary>
    public required string Name { get; init; }

    /// <summary>The JSON payload.</summary>
    public required JsonNode? Payload { get; init; }

    /// <summary>A state of <see cref="JobStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>How many times it was claimed.</summary>
    public int Attempts { get; init; }

    /// <summary>The attempts allowed before it goes to the dead-letter state.</summary>
    public int MaxAttempts { get; init; }

    /// <summary>When it may run (canonical UTC text).</summary>
    public required string RunAt { get; init; }

    /// <summary>The last failure's message.</summary>
    public string LastError { get; init; } = "";

    /// <summary>The dedupe key, or null.</summary>
    public string? DedupeKey { get; init; }

    /// <summary>When it was enqueued.</summary>
    public required string Created { get; init; }

    /// <summary>When it last changed.</summary>
    public required string Updated { get; init; }

    /// <summary>The job as JSON for the API.</summary>
    public JsonObject ToJson() => new()
    {
        ["id"] = Id, ["queue"] = Queue, ["name"] = Name, ["payload"] = Payload?.DeepClone(), ["status"] = Status,
        ["attempts"] = Attempts, ["maxAttempts"] = MaxAttempts, ["runAt"] = RunAt, ["lastError"] = LastError,
        ["dedupeKey"] = DedupeKey, ["created"] = Created, ["updated"] = Updated,
    };
}
