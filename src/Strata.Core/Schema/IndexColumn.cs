namespace Strata.Core.Schema;

/// <summary>One column of an index definition.</summary>
/// <param name="Name">The column (field) name.</param>
/// <param name="Collate">The collation, e.g. <c>NOCASE</c>, or empty.</param>
/// <param name="Direction"><c>ASC</c>, <c>DESC</c> or empty.</param>
public sealed record IndexColumn(string Name, string Collate = "", string Direction = "");
