namespace Strata.Filter;

/// <summary>One item of a <c>sort</c> parameter.</summary>
/// <param name="Identifier">The field path or <c>@random</c> / <c>@rowid</c>.</param>
/// <param name="Descending">True for a leading <c>-</c>.</param>
public sealed record SortItem(string Identifier, bool Descending);
