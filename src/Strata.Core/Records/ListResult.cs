namespace Strata.Core.Records;

/// <summary>One page of records.</summary>
/// <param name="Page">The page.</param>
/// <param name="PerPage">The page size actually used.</param>
/// <param name="TotalItems">All matching records, or -1 when skipped.</param>
/// <param name="TotalPages">The page count, or -1 when skipped.</param>
/// <param name="Items">The records.</param>
public sealed record ListResult(int Page, int PerPage, long TotalItems, long TotalPages, IReadOnlyList<Record> Items);
