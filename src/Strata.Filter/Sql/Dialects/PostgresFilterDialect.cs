using System.Globalization;

namespace Strata.Filter.Sql.Dialects;

/// <summary>
/// PostgreSQL SQL for the filter compiler. Assumes Strata's PostgreSQL storage: text-likes <c>text COLLATE "C"</c>
/// (<c>''</c> when empty), numbers <c>double precision</c>, booleans <c>boolean</c>, dates <c>timestamptz</c> (NULL
/// when empty), JSON and multi-valued fields <c>jsonb</c>. Needs <see cref="PostgresFilterFunctions.CreateSql"/>
/// executed once per database for <c>strftime</c>. Never emits a cast that can fail on stored data.
/// </summary>
public sealed class PostgresFilterDialect : ISqlDialect
{
    /// <summary>The shared instance.</summary>
    public static PostgresFilterDialect Instance { get; } = new();

    private PostgresFilterDialect()
    {
    }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public string? SetupSql => PostgresFilterFunctions.CreateSql;

    /// <inheritdoc />
    public bool ComparesDynamicTypes => false;

    /// <inheritdoc />
    public string Boolean(bool? value) => value switch { true => "TRUE", false => "FALSE", null => "CAST(NULL AS boolean)" };

    /// <inheritdoc />
    public string IsNotDistinct(string left, string right) => $"({left} IS NOT DISTINCT FROM {right})";

    /// <inheritdoc />
    public string IsDistinct(string left, string right) => $"({left} IS DISTINCT FROM {right})";

    /// <inheritdoc />
    public string IsNotTrue(string condition) => $"({condition}) IS NOT TRUE";

    /// <inheritdoc />
    /// <remarks>The escape is written <c>E'\'</c> so it means one backslash whatever standard_conforming_strings is.</remarks>
    public string Like(string value, string pattern, bool negate) =>
        $"({Lower(value)} {(negate ? "NOT LIKE" : "LIKE")} {Lower(pattern)} ESCAPE E'\\\\')";

    /// <inheritdoc />
    public string Lower(string text) => $"lower(({text}) COLLATE \"C\")";

    /// <inheritdoc />
    public string Concat(params string[] parts) => "(" + string.Join(" || ", parts) + ")";

    /// <inheritdoc />
    public string ByteOrder(string text) => $"(({text}) COLLATE \"C\")";

    /// <inheritdoc />
    public string ToText(string sql, FilterValueType type) => type switch
    {
        FilterValueType.Text => sql,
        FilterValueType.Date => DateText(sql),
        FilterValueType.Bool => $"CAST(CAST({sql} AS integer) AS text)",
        FilterValueType.Number => $"{PostgresFilterFunctions.NumberTextName}({sql})",
        FilterValueType.Json => $"COALESCE({JsonText(sql)}, {PostgresFilterFunctions.NumberTextName}({JsonNumber(sql)}))",
        _ => $"CAST({sql} AS text)",
    };

    /// <inheritdoc />
    public string ToNumber(string sql, FilterValueType type) => type switch
    {
        FilterValueType.Number => sql,
        FilterValueType.Bool => BoolAsNumber(sql),
        FilterValueType.Json => JsonNumber(sql),
        _ => "CAST(NULL AS double precision)",
    };

    /// <inheritdoc />
    public string BoolAsNumber(string sql) => $"CAST({sql} AS integer)";

    /// <inheritdoc />
    public string DateValue(string sql) => sql;

    /// <inheritdoc />
    public string DateText(string sql) => $"to_char(({sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.MS\"Z\"')";

    /// <inheritdoc />
    public object DateParameter(DateTime utc, string canonical) => DateTime.SpecifyKind(utc, DateTimeKind.Utc);

    /// <inheritdoc />
    public string WithoutAffinity(string sql) => sql;

    /// <inheritdoc />
    public string JsonClass(string json) => $"{PostgresFilterFunctions.JsonClassName}({json})";

    /// <inheritdoc />
    public string JsonNumber(string json) => $"{PostgresFilterFunctions.JsonNumberName}({json})";

    /// <inheritdoc />
    public string JsonText(string json) => $"{PostgresFilterFunctions.JsonTextName}({json})";

    /// <inheritdoc />
    public string JsonIsNull(string json) => $"({json} IS NULL OR jsonb_typeof({json}) = 'null')";

    /// <inheritdoc />
    public string JsonArrayLength(string json) =>
        $"(CASE WHEN {json} IS NULL THEN NULL WHEN jsonb_typeof({json}) = 'array' THEN jsonb_array_length({json}) ELSE 0 END)";

    /// <inheritdoc />
    public string JsonEach(string json, string alias) =>
        $"jsonb_array_elements_text(CASE WHEN jsonb_typeof({json}) = 'array' THEN {json} ELSE '[]'::jsonb END) AS {alias}(value)";

    /// <inheritdoc />
    public string JsonEachValue(string alias) => $"{alias}.value";

    /// <inheritdoc />
    public string Strftime(string format, string time, IReadOnlyList<string> modifiers) =>
        $"{PostgresFilterFunctions.StrftimeName}({format}, {time}, VARIADIC ARRAY[{string.Join(", ", modifiers)}]::text[])";

    /// <inheritdoc />
    public string StrftimeTime(string sql, FilterValueType type) => ToText(sql, type);

    /// <inheritdoc />
    public object StrftimeNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public string GeoDistance(string lonA, string latA, string lonB, string latB) =>
        $"{PostgresFilterFunctions.GeoDistanceName}({lonA}, {latA}, {lonB}, {latB})";
}
