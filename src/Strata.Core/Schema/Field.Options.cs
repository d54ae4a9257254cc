namespace Strata.Core.Schema;

public abstract partial class Field
{
    /// <summary>Reports option values that make no sense (min above max, bad patterns, missing targets…).</summary>
    internal virtual void ValidateOptions(FieldOptionsContext ctx)
    {
    }
}
