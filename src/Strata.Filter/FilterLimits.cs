namespace Strata.Filter;

/// <summary>The size limits enforced by <see cref="FilterParser"/> and <see cref="SortParser"/>.</summary>
public static class FilterLimits
{
    /// <summary>Maximum filter source length in characters (contract §1.1).</summary>
    public const int MaxSourceLength = 3500;

    /// <summary>Maximum number of comparisons in one filter (contract §1.1).</summary>
    public const int MaxComparisons = 200;

    /// <summary>Maximum nesting of function calls, the outermost call counting as 1 (contract §3.1).</summary>
    public const int MaxFunctionDepth = 3;

    /// <summary>Maximum arguments of one function call (contract §3.7).</summary>
    public const int MaxFunctionArguments = 10;

    /// <summary>
    /// Maximum nesting of parenthesised groups. Not in the contract: a Strata guard so that recursion over the
    /// tree (parse, print, compile) stays far from the thread's stack limit.
    /// </summary>
    public const int MaxGroupDepth = 64;

    /// <summary>Maximum number of sort items (contract §3.9).</summary>
    public const int MaxSortItems = 8;

    /// <summary>Maximum length of one sort item in characters (contract §1.1).</summary>
    public const int MaxSortItemLength = 255;
}
