using Strata.Core.Schema;

namespace Strata.Core.Records.InMemory;

/// <summary>The collection an expression is evaluated for, where its row comes from, and what it may use.</summary>
/// <param name="Collection">The collection.</param>
/// <param name="Root">The join holding its row, or -1 for the record under test.</param>
/// <param name="KeyPrefix">Keeps join keys of nested rules apart from the main expression's.</param>
/// <param name="Options">What the expression may use.</param>
internal sealed record Scope(Collection Collection, int Root, string KeyPrefix, ResolverOptions Options);
