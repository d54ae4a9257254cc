namespace Strata.Filter.Sql;

/// <summary>
/// The SQL text generation hooks the filter compiler needs, one implementation per engine. Implementations only
/// build SQL text; they never see values (those go to <see cref="SqlParameters"/>). Every fragment they return is
/// parenthesised or otherwise safe to embed as an operand.
/// </summary>
public interface ISqlDialect
{
    /// <summary>A short engine name, e.g. <c>sqlite</c>.</summary>
    string Name { get; }

    /// <summary>
    /// SQL the host runs once per database (idempotent) before compiled filters are used, or null when the engine
    /// needs none. PostgreSQL: <see cref="Dialects.PostgresFilterFunctions.CreateSql"/>.
    /// </summary>
    string? SetupSql { get; }

    /// <summary>
    /// True when the engine compares values of different storage classes itself (SQLite). When false the compiler
    /// emulates SQLite's ordering of classes (NULL &lt; numbers &lt; text) for JSON operands with
    /// <see cref="JsonClass"/>, <see cref="JsonNumber"/> and <see cref="JsonText"/>.
    /// </summary>
    bool ComparesDynamicTypes { get; }

    /// <summary>A boolean constant.</summary>
    /// <param name="value">true, false or null (unknown).</param>
    /// <returns>The literal, e.g. <c>TRUE</c>, <c>1</c>, <c>CAST(NULL AS boolean)</c>.</returns>
    string Boolean(bool? value);

    /// <summary><c>a IS NOT DISTINCT FROM b</c>: null-safe equality.</summary>
    /// <param name="left">Left operand SQL.</param>
    /// <param name="right">Right operand SQL.</param>
    /// <returns>The condition.</returns>
    string IsNotDistinct(string left, string right);

    /// <summary><c>a IS DISTINCT FROM b</c>: null-safe inequality.</summary>
    /// <param name="left">Left operand SQL.</param>
    /// <param name="right">Right operand SQL.</param>
    /// <returns>The condition.</returns>
    string IsDistinct(string left, string right);

    /// <summary><c>(condition) IS NOT TRUE</c>: false or unknown.</summary>
    /// <param name="condition">A boolean expression.</param>
    /// <returns>The condition.</returns>
    string IsNotTrue(string condition);

    /// <summary>
    /// <c>value [NOT] LIKE pattern ESCAPE '\'</c>, ASCII-case-insensitive (SQLite's default LIKE; on PostgreSQL
    /// <c>lower(x COLLATE "C")</c> on both sides, which folds only A–Z).
    /// </summary>
    /// <param name="value">Text operand SQL.</param>
    /// <param name="pattern">Pattern SQL.</param>
    /// <param name="negate">True for NOT LIKE.</param>
    /// <returns>The condition.</returns>
    string Like(string value, string pattern, bool negate);

    /// <summary>ASCII-only lower case of a text expression (the <c>:lower</c> modifier).</summary>
    /// <param name="text">Text SQL.</param>
    /// <returns>The expression.</returns>
    string Lower(string text);

    /// <summary>Text concatenation of the parts.</summary>
    /// <param name="parts">SQL operands.</param>
    /// <returns>The expression.</returns>
    string Concat(params string[] parts);

    /// <summary>Marks an ordering comparison of text as byte order (<c>COLLATE "C"</c> where needed).</summary>
    /// <param name="text">Text SQL.</param>
    /// <returns>The expression.</returns>
    string ByteOrder(string text);

    /// <summary>The text form of an operand of the given type, as used by LIKE and as the text view of a value.</summary>
    /// <param name="sql">Operand SQL.</param>
    /// <param name="type">Its storage type.</param>
    /// <returns>A text expression; NULL stays NULL, an empty date becomes NULL.</returns>
    string ToText(string sql, FilterValueType type);

    /// <summary>
    /// The numeric form of an operand (for math): numbers as they are, booleans as 1/0, JSON numbers/booleans;
    /// NULL for anything else (text is never parsed, so no engine's lenient text-to-number rules leak in).
    /// </summary>
    /// <param name="sql">Operand SQL.</param>
    /// <param name="type">Its storage type.</param>
    /// <returns>A numeric expression.</returns>
    string ToNumber(string sql, FilterValueType type);

    /// <summary>A boolean column as the number 1/0 (NULL stays NULL).</summary>
    /// <param name="sql">Bool column SQL.</param>
    /// <returns>A numeric expression.</returns>
    string BoolAsNumber(string sql);

    /// <summary>A date column in its natively comparable form, with an empty date as NULL.</summary>
    /// <param name="sql">Date column SQL.</param>
    /// <returns>The expression (SQLite: <c>NULLIF(x, '')</c>; PostgreSQL: the timestamptz itself).</returns>
    string DateValue(string sql);

    /// <summary>A date column as canonical text <c>YYYY-MM-DD HH:MM:SS.sssZ</c>, NULL when empty.</summary>
    /// <param name="sql">Date column SQL.</param>
    /// <returns>A text expression.</returns>
    string DateText(string sql);

    /// <summary>The parameter value that compares natively with <see cref="DateValue"/>.</summary>
    /// <param name="utc">The instant (UTC).</param>
    /// <param name="canonical">Its canonical text.</param>
    /// <returns>SQLite: the canonical string; PostgreSQL: the <see cref="DateTime"/> (Kind Utc).</returns>
    object DateParameter(DateTime utc, string canonical);

    /// <summary>
    /// Removes the engine's implicit conversions from a non-JSON operand in a strict comparison against a JSON
    /// value (SQLite: unary <c>+</c>, which drops column affinity).
    /// </summary>
    /// <param name="sql">Operand SQL.</param>
    /// <returns>The expression.</returns>
    string WithoutAffinity(string sql);

    /// <summary>SQLite storage class of a JSON value: NULL for null/missing, 1 for number/boolean, 2 for the rest.</summary>
    /// <param name="json">JSON operand SQL.</param>
    /// <returns>An integer expression.</returns>
    string JsonClass(string json);

    /// <summary>The number a JSON number/boolean stands for (booleans as 1/0), otherwise NULL.</summary>
    /// <param name="json">JSON operand SQL.</param>
    /// <returns>A numeric expression.</returns>
    string JsonNumber(string json);

    /// <summary>The text a JSON string (or object/array JSON text) stands for, otherwise NULL.</summary>
    /// <param name="json">JSON operand SQL.</param>
    /// <returns>A text expression.</returns>
    string JsonText(string json);

    /// <summary>True when a JSON operand is SQL NULL, JSON null or missing.</summary>
    /// <param name="json">JSON operand SQL.</param>
    /// <returns>The condition.</returns>
    string JsonIsNull(string json);

    /// <summary>The number of items of a JSON array (0 for a non-array, NULL for NULL), for <c>:length</c>.</summary>
    /// <param name="json">JSON array SQL.</param>
    /// <returns>An integer expression.</returns>
    string JsonArrayLength(string json);

    /// <summary>A FROM-clause item yielding one row per array element, for <c>:each</c> and multi-valued joins.</summary>
    /// <param name="json">JSON array SQL.</param>
    /// <param name="alias">The alias to give it.</param>
    /// <returns>The FROM item; its element value is <see cref="JsonEachValue"/>.</returns>
    string JsonEach(string json, string alias);

    /// <summary>The text value of one element of <see cref="JsonEach"/>.</summary>
    /// <param name="alias">The alias given to <see cref="JsonEach"/>.</param>
    /// <returns>A text expression.</returns>
    string JsonEachValue(string alias);

    /// <summary>SQLite-compatible <c>strftime(format, time, modifiers...)</c>; NULL on invalid input.</summary>
    /// <param name="format">Format SQL (text).</param>
    /// <param name="time">Time value SQL as produced by <see cref="StrftimeTime"/>.</param>
    /// <param name="modifiers">Modifier SQL (text).</param>
    /// <returns>A text expression.</returns>
    string Strftime(string format, string time, IReadOnlyList<string> modifiers);

    /// <summary>Prepares a strftime time value of the given type (dates as canonical text, numbers as Julian days).</summary>
    /// <param name="sql">Operand SQL.</param>
    /// <param name="type">Its storage type.</param>
    /// <returns>The argument expression.</returns>
    string StrftimeTime(string sql, FilterValueType type);

    /// <summary>How a numeric strftime time literal is bound (SQLite: double; PostgreSQL: its text).</summary>
    /// <param name="value">The number.</param>
    /// <returns>The parameter value.</returns>
    object StrftimeNumber(double value);

    /// <summary>
    /// Haversine distance in km (Earth radius 6371) between two points given in degrees; NULL when any input is
    /// NULL.
    /// </summary>
    /// <param name="lonA">Numeric SQL.</param>
    /// <param name="latA">Numeric SQL.</param>
    /// <param name="lonB">Numeric SQL.</param>
    /// <param name="latB">Numeric SQL.</param>
    /// <returns>A numeric expression.</returns>
    string GeoDistance(string lonA, string latA, string lonB, string latB);
}
