namespace Strata.Filter.Sql;

/// <summary>
/// A fresh, independent enumeration of a multi-valued operand's values for the current row, used to check
/// that <em>every</em> value satisfies a plain (non-<c>?</c>) comparison. Aliases inside are unique to this
/// instance, so two sources can be joined in one statement.
/// </summary>
/// <param name="From">
/// A FROM-clause fragment that yields one row per value, and exactly one row with a NULL value when there
/// are none (e.g. <c>(SELECT 1) _m1 LEFT JOIN json_each(posts.tags) _m1j ON 1=1</c>). It may reference the
/// outer row's table.
/// </param>
/// <param name="ValueSql">The value expression in the scope of <paramref name="From"/>.</param>
public sealed record MultiMatchSource(string From, string ValueSql);
