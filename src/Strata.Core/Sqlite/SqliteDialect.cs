using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;

namespace Strata.Core.Sqlite;

/// <summary>The SQLite dialect: type affinities, JSON text columns and <c>json_each</c>.</summary>
public sealed class SqliteDialect : DialectBase, IDialect
{
    /// <summary>The shared instance.</summary>
    public static SqliteDialect Instance { get; } = new();

    private SqliteDialect() { }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <inheritdoc />
    public ISqlDialect Filter => SqliteFilterDialect.Instance;

    /// <inheritdoc />
    public string RowIdColumn => "rowid";

    /// <inheritdoc />
    protected override string TextType => "TEXT";

    /// <inheritdoc />
    protected override string NumberType => "NUMERIC";

    /// <inheritdoc />
    protected override string BoolType => "BOOLEAN";

    /// <inheritdoc />
    protected override string JsonType => "JSON";

    /// <inheritdoc />
    protected override string DateColumn(string quotedName) => $"{quotedName} TEXT NOT NULL DEFAULT ''";

    /// <inheritdoc />
    public object ToDb(Field field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsMultiValued)
        {
            return RecordValues.ToJsonArray(value);
        }

        return field switch
        {
            NumberField => value is double d ? d : 0d,
            BoolField => value is true,
            JsonField => (object?)RecordValues.ToJsonText(value) ?? DBNull.Value,
            GeoPointField => RecordValues.ToGeoJson(value),
            _ => value as string ?? "",
        };
    }

    /// <inheritdoc />
    public object? FromDb(Field field, DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(reader);

        // One read per column: the value's storage class comes with it (a separate IsDBNull would ask SQLite again).
        var value = reader.GetValue(ordinal);
        if (value is DBNull)
        {
            return field switch
            {
                JsonField => null,
                _ => field.ZeroValue,
            };
        }

        if (field.IsMultiValued)
        {
            return RecordValues.FromJsonArray(value as string ?? reader.GetString(ordinal));
        }

        return field switch
        {
            // Text in a number column converts the way SQLite converts it (GetDouble), not the way .NET parses.
            NumberField => value switch
            {
                double d => d,
                long l => (double)l,
                _ => reader.GetDouble(ordinal),
            },
            BoolField => value switch
            {
                long l => l != 0,
                double d => d != 0,
                string s => s is "1" or "true",
                var other => Convert.ToBoolean(other, System.Globalization.CultureInfo.InvariantCulture),
            },
            JsonField => RecordValues.FromDbJson(value),
            GeoPointField => RecordValues.FromGeoJson(value as string ?? reader.GetString(ordinal)),
            _ => value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }

    /// <inheritdoc />
    public string InList(string column, IReadOnlyCollection<string> values, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(parameters);
        if (values.Count == 0)
        {
            return "(1=0)";
        }

        // One JSON parameter instead of one per value keeps the statement cacheable and under SQLite's variable limit.
        return $"{column} IN (SELECT value FROM json_each({parameters.Add(RecordValues.ToJsonArray(values))}))";
    }

    /// <inheritdoc />
    public string JsonArrayContainsAny(string jsonArrayColumn, IReadOnlyCollection<string> values, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(parameters);
        return $"EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid({jsonArrayColumn}) THEN {jsonArrayColumn} ELSE '[]' END) _je WHERE _je.value IN (SELECT value FROM json_each({parameters.Add(RecordValues.ToJsonArray(values))})))";
    }

    /// <inheritdoc />
    public IReadOnlyList<string> StartupStatements => [];

    /// <inheritdoc />
    public string? SchemaLockStatement => null;

    /// <inheritdoc />
    public IReadOnlyList<string> ConvertCardinality(string table, string column, bool toMultiple)
    {
        var t = Quote(table);
        var c = Quote(column);
        return toMultiple
            ? [$"UPDATE {t} SET {c} = CASE WHEN {c} IS NULL OR {c} = '' THEN '[]' ELSE json_array({c}) END"]
            : [$"UPDATE {t} SET {c} = CASE WHEN json_valid({c}) AND json_type({c}) = 'array' THEN COALESCE(json_extract({c}, '$[#-1]'), '') ELSE '' END"];
    }

    /// <inheritdoc />
    public string JsonEachJoin(string jsonExpression, string alias) =>
        $"json_each(CASE WHEN json_valid({jsonExpression}) AND json_type({jsonExpression}) = 'array' THEN {jsonExpression} ELSE '[]' END) {alias}";

    /// <inheritdoc />
    public string JsonParameter(string placeholder) => placeholder;

    /// <inheritdoc />
    public string JsonArrayLength(string jsonExpression) =>
        $"(CASE WHEN json_valid({jsonExpression}) AND json_type({jsonExpression}) = 'array' THEN json_array_length({jsonExpression}) ELSE 0 END)";

    /// <inheritdoc />
    public string JsonArrayContains(string jsonExpression, string valueExpression) =>
        $"EXISTS (SELECT 1 FROM {JsonEachJoin(jsonExpression, "_jc")} WHERE _jc.value = {valueExpression})";

    /// <inheritdoc />
    public string JsonExtract(string jsonExpression, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder("$");
        foreach (var p in path)
        {
            sb.Append(p.All(char.IsAsciiDigit) ? "[" + p + "]" : "." + p);
        }

        return $"(CASE WHEN json_valid({jsonExpression}) THEN json_extract({jsonExpression}, '{sb}') ELSE NULL END)";
    }

    /// <inheritdoc />
    public string JsonArrayOf(string expression) => $"json_array({expression})";

    /// <inheritdoc />
    public string JsonAsText(string jsonExpression) => jsonExpression;

    /// <inheritdoc />
    public string Lower(string expression) => $"LOWER({expression})";

    /// <inheritdoc />
    public string SkipLocked => "";

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
