namespace Strata.Core.Records;

/// <summary>What an expression resolved by <see cref="RecordFieldResolver"/> may use.</summary>
public sealed record ResolverOptions
{
    /// <summary>Hidden fields may be used (API rules and superusers).</summary>
    public bool AllowHidden { get; init; }

    /// <summary>
    /// The expression is a non-superuser's client filter or sort: joins into other collections need a non-null
    /// list rule there, which is added as a condition, and <c>email</c> needs <c>emailVisibility</c>.
    /// </summary>
    public bool EnforceJoinedListRules { get; init; }

    /// <summary>Options for an API rule.</summary>
    public static ResolverOptions Rule { get; } = new() { AllowHidden = true };

    /// <summary>Options for a superuser's filter.</summary>
    public static ResolverOptions Superuser { get; } = new() { AllowHidden = true };

    /// <summary>Options for a non-superuser's client filter or sort.</summary>
    public static ResolverOptions Client { get; } = new() { EnforceJoinedListRules = true };
}
