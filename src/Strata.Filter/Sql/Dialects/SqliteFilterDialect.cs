namespace Strata.Filter.Sql.Dialects;

/// <summary>
/// SQLite SQL for the filter compiler. Assumes Strata's SQLite storage: text-likes and dates as TEXT (<c>''</c> when
/// empty, dates in canonical text), numbers NUMERIC, booleans 0/1, JSON as TEXT. Needs SQLite's math functions
/// (<see cref="RequiredMathFunctions"/>) for <c>geoDistance</c>.
/// </summary>
public sealed class SqliteFilterDialect : ISqlDialect
{
    /// <summary>The shared instance.</summary>
    public static SqliteFilterDialect Instance { get; } = new();

    /// <summary>
    /// The scalar functions <c>geoDistance</c> uses. The e_sqlite3 build shipped by SQLitePCLRaw.bundle_e_sqlite3 3.x
    /// has them built in (SQLITE_ENABLE_MATH_FUNCTIONS); a build without them must register these (one double
    /// argument, one double result, NULL in gives NULL out) on every connection.
    /// </summary>
    public static IReadOnlyList<string> RequiredMathFunctions { get; } = ["sin", "cos", "asin", "sqrt", "radians"];

    private SqliteFilterDialect()
    {
    }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public string? SetupSql => null;

    /// <inheritdoc />
    public bool ComparesDynamicTypes => true;

    /// <inheritdoc />
    public string Boolean(bool? value) => value switch { true => "1", false => "0", null => "NULL" };

    /// <inheritdoc />
    public string IsNotDistinct(string left, string right) => $"({left} IS {right})";

    /// <inheritdoc />
    public string IsDistinct(string left, string right) => $"({left} IS NOT {right})";

    /// <inheritdoc />
    public string IsNotTrue(string condition) => $"({condition}) IS NOT TRUE";

    /// <inheritdoc />
    public string Like(string value, string pattern, bool negate) =>
        $"({value} {(negate ? "NOT LIKE" : "LIKE")} {pattern} ESCAPE '\\')";

    /// <inheritdoc />
    public string Lower(string text) => $"lower({text})";

    /// <inheritdoc />
    public string Concat(params string[] parts) => "(" + string.Join(" || ", parts) + ")";

    /// <inheritdoc />
    public string ByteOrder(string text) => text;

    /// <inheritdoc />
    public string ToText(string sql, FilterValueType type) => type switch
    {
        FilterValueType.Date => DateText(sql),
        FilterValueType.Text => sql,
        FilterValueType.Number or FilterValueType.Bool => NumberText(sql),
        FilterValueType.Json => $"(CASE WHEN typeof({sql}) IN ('integer', 'real') THEN {NumberText(sql)} ELSE CAST({sql} AS TEXT) END)",
        _ => $"CAST({sql} AS TEXT)",
    };

    // Whole numbers print without ".0" whether stored as INTEGER or REAL, matching PostgreSQL's strata_number_text.
    private static string NumberText(string sql) =>
        $"(CASE WHEN {sql} = CAST({sql} AS INTEGER) AND abs({sql}) < 9e15 THEN CAST(CAST({sql} AS INTEGER) AS TEXT) ELSE CAST({sql} AS TEXT) END)";

    /// <inheritdoc />
    public string ToNumber(string sql, FilterValueType type) => type switch
    {
        FilterValueType.Number or FilterValueType.Bool => sql,
        FilterValueType.Json => JsonNumber(sql),
        _ => "CAST(NULL AS REAL)",
    };

    /// <inheritdoc />
    public string BoolAsNumber(string sql) => sql;

    /// <inheritdoc />
    public string DateValue(string sql) => $"NULLIF({sql}, '')";

    /// <inheritdoc />
    public string DateText(string sql) => $"NULLIF({sql}, '')";

    /// <inheritdoc />
    public object DateParameter(DateTime utc, string canonical) => canonical;

    /// <inheritdoc />
    public string WithoutAffinity(string sql) => $"(+{sql})";

    /// <inheritdoc />
    public string JsonClass(string json) =>
        $"(CASE WHEN {json} IS NULL THEN NULL WHEN typeof({json}) IN ('integer', 'real') THEN 1 ELSE 2 END)";

    /// <inheritdoc />
    public string JsonNumber(string json) => $"(CASE WHEN typeof({json}) IN ('integer', 'real') THEN {json} END)";

    /// <inheritdoc />
    public string JsonText(string json) => $"(CASE WHEN typeof({json}) = 'text' THEN {json} END)";

    /// <inheritdoc />
    public string JsonIsNull(string json) => $"({json} IS NULL)";

    /// <inheritdoc />
    public string JsonArrayLength(string json) => $"json_array_length({json})";

    /// <inheritdoc />
    public string JsonEach(string json, string alias) => $"json_each({json}) {alias}";

    /// <inheritdoc />
    public string JsonEachValue(string alias) => $"{alias}.value";

    /// <inheritdoc />
    public string Strftime(string format, string time, IReadOnlyList<string> modifiers) =>
        "strftime(" + string.Join(", ", new[] { format, time }.Concat(modifiers)) + ")";

    /// <inheritdoc />
    public string StrftimeTime(string sql, FilterValueType type) => type == FilterValueType.Date ? DateText(sql) : sql;

    /// <inheritdoc />
    public object StrftimeNumber(double value) => value;

    /// <inheritdoc />
    public string GeoDistance(string lonA, string latA, string lonB, string latB)
    {
        var sinLat = $"sin(radians(({latB}) - ({latA})) / 2)";
        var sinLon = $"sin(radians(({lonB}) - ({lonA})) / 2)";
        var h = $"{sinLat} * {sinLat} + cos(radians({latA})) * cos(radians({latB})) * {sinLon} * {sinLon}";
        // Rounding can push h a hair above 1, where asin fails; min() keeps NULL as NULL.
        return $"(12742.0 * asin(sqrt(min({h}, 1.0))))";
    }
}
