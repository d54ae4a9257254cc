namespace Strata.Core.Jobs;

/// <summary>The states of a job.</summary>
public static class JobStatus
{
    /// <summary>Waiting to run (now or at its run time).</summary>
    public const string Pending = "pending";

    /// <summary>Claimed by a worker whose lease has not expired.</summary>
    public const string Running = "running";

    /// <summary>Finished successfully.</summary>
    public const string Done = "done";

    /// <summary>Out of attempts: the dead-letter state, kept for inspection and manual retry.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled by a superuser before it ran.</summary>
    public const string Cancelled = "cancelled";
}
