namespace Strata.Core.Auth;

/// <summary>What an API key may do in one collection: a subset of list, view, create, update and delete.</summary>
/// <param name="Collection">The collection id, or <c>*</c> for every collection.</param>
/// <param name="Actions">The allowed actions.</param>
public sealed record ApiKeyScope(string Collection, IReadOnlyList<string> Actions)
{
    /// <summary>The record actions a scope can name.</summary>
    public static IReadOnlyList<string> AllActions { get; } = ["list", "view", "create", "update", "delete"];
}
