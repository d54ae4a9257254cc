using System.Data.Common;
using Strata.Core.Schema;
using Strata.Filter.Sql;

namespace Strata.Core.Storage;

/// <summary>
/// What differs between SQLite and PostgreSQL below the filter language: column types, DDL, value conversion
/// between record values and driver values, and a few query forms.
/// </summary>
public interface IDialect
{
    /// <summary><c>sqlite</c> or <c>postgres</c>.</summary>
    string Name { get; }

    /// <summary>The filter-language SQL hooks of this engine.</summary>
    ISqlDialect Filter { get; }

    /// <summary>The column that orders rows by insertion (<c>@rowid</c>).</summary>
    string RowIdColumn { get; }

    /// <summary>Quotes an identifier that has already been validated as <c>^\w+$</c>.</summary>
    /// <param name="identifier">The identifier.</param>
    string Quote(string identifier);

    /// <summary>The column definition (name, type, default) of a field.</summary>
    /// <param name="field">The field.</param>
    string ColumnDefinition(Field field);

    /// <summary>The statements that create a collection's table (without its indexes).</summary>
    /// <param name="collection">The collection.</param>
    IReadOnlyList<string> CreateTable(Collection collection);

    /// <summary>The statement that creates an index from its parsed definition.</summary>
    /// <param name="table">The table.</param>
    /// <param name="index">The index.</param>
    string CreateIndex(string table, IndexDefinition index);

    /// <summary>Converts a record value to the value bound as a parameter for the field's column.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The record value (see <see cref="Field"/> for the CLR types).</param>
    object ToDb(Field field, object? value);

    /// <summary>Reads a field's column into a record value.</summary>
    /// <param name="field">The field.</param>
    /// <param name="reader">The reader positioned on a row.</param>
    /// <param name="ordinal">The column ordinal.</param>
    object? FromDb(Field field, DbDataReader reader, int ordinal);

    /// <summary>A condition true when <paramref name="column"/> equals one of <paramref name="values"/>.</summary>
    /// <param name="column">The column expression.</param>
    /// <param name="values">The values.</param>
    /// <param name="parameters">Where the values are bound.</param>
    string InList(string column, IReadOnlyCollection<string> values, SqlParameters parameters);

    /// <summary>A condition true when the JSON array column holds one of <paramref name="values"/>.</summary>
    /// <param name="jsonArrayColumn">The JSON array column expression.</param>
    /// <param name="values">The values.</param>
    /// <param name="parameters">Where the values are bound.</param>
    string JsonArrayContainsAny(string jsonArrayColumn, IReadOnlyCollection<string> values, SqlParameters parameters);

    /// <summary>Statements run once at start-up (helper functions the filter SQL calls).</summary>
    IReadOnlyList<string> StartupStatements { get; }

    /// <summary>
    /// A statement that serialises schema changes across processes for the rest of the transaction, or null when
    /// the engine already has a single writer.
    /// </summary>
    string? SchemaLockStatement { get; }

    /// <summary>The statements that change a column's storage between single (text) and multiple (JSON array) values.</summary>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="toMultiple">True to go from a single value to a JSON array, false for the reverse (keeping the last item).</param>
    IReadOnlyList<string> ConvertCardinality(string table, string column, bool toMultiple);

    /// <summary>
    /// A join target yielding one row per element of a JSON array, with the element's text in <c>alias.value</c>.
    /// Used after <c>LEFT JOIN</c> with <c>ON TRUE</c>; may reference earlier aliases (lateral).
    /// </summary>
    /// <param name="jsonExpression">The JSON array expression (a column or a parameter).</param>
    /// <param name="alias">The alias to give the rows.</param>
    string JsonEachJoin(string jsonExpression, string alias);

    /// <summary>Wraps a parameter placeholder holding JSON text so the engine treats it as JSON.</summary>
    /// <param name="placeholder">The placeholder.</param>
    string JsonParameter(string placeholder);

    /// <summary>The number of elements of a JSON array expression (0 when not an array).</summary>
    /// <param name="jsonExpression">The expression.</param>
    string JsonArrayLength(string jsonExpression);

    /// <summary>True when the JSON array expression contains <paramref name="valueExpression"/> as a string element.</summary>
    /// <param name="jsonExpression">The JSON array expression.</param>
    /// <param name="valueExpression">The value expression.</param>
    string JsonArrayContains(string jsonExpression, string valueExpression);

    /// <summary>
    /// The value at a path inside a JSON column, typed as <see cref="Strata.Filter.Sql.FilterValueType.Json"/>.
    /// Segments are identifier characters only; numeric segments are array indexes. An empty path is the whole value.
    /// </summary>
    /// <param name="jsonExpression">The JSON expression.</param>
    /// <param name="path">The path segments.</param>
    string JsonExtract(string jsonExpression, IReadOnlyList<string> path);

    /// <summary>A one-element JSON array holding the text value (for <c>:each</c> on a single-valued field).</summary>
    /// <param name="expression">The text expression.</param>
    string JsonArrayOf(string expression);

    /// <summary>A JSON column as its text.</summary>
    /// <param name="jsonExpression">The JSON expression.</param>
    string JsonAsText(string jsonExpression);

    /// <summary>ASCII-only lower-casing, identical on both engines.</summary>
    /// <param name="expression">The text expression.</param>
    string Lower(string expression);

    /// <summary>The row-locking suffix of a claim subquery: <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL, nothing on SQLite (single writer).</summary>
    string SkipLocked { get; }

    /// <summary>True when the exception is a unique-constraint violation.</summary>
    /// <param name="exception">The driver exception.</param>
    bool IsUniqueViolation(DbException exception);
}
