namespace Strata.Core.Jobs;

/// <summary>What a job handler receives: the job and the engine to do its work with.</summary>
/// <param name="Job">The claimed job (its payload, attempt number...).</param>
/// <param name="Engine">The engine (records, schema, settings, queue).</param>
public sealed record JobContext(Job Job, StrataEngine Engine);
