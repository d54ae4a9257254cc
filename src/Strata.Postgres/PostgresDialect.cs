using System.Data.Common;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;
using Strata.Filter.Sql.Dialects;

namespace Strata.Postgres;

/// <summary>
/// The PostgreSQL dialect: native column types (so SQL tools see real columns), byte-order text collation to
/// match SQLite's BINARY, and an insertion-order column standing in for SQLite's rowid.
/// </summary>
public sealed class PostgresDialect : DialectBase, IDialect
{
    /// <summary>The shared instance.</summary>
    public static PostgresDialect Instance { get; } = new();

    private PostgresDialect() { }

    /// <inheritdoc />
    public string Name => "postgres";

    /// <inheritdoc />
    public ISqlDialect Filter => PostgresFilterDialect.Instance;

    /// <inheritdoc />
    public string RowIdColumn => "_rowid";

    /// <inheritdoc />
    protected override string TextType => "text COLLATE \"C\"";

    /// <inheritdoc />
    protected override string NumberType => "double precision";

    /// <inheritdoc />
    protected override string BoolType => "boolean";

    /// <inheritdoc />
    protected override string JsonType => "jsonb";

    /// <inheritdoc />
    protected override string DateColumn(string quotedName) => $"{quotedName} timestamptz NULL";

    /// <inheritdoc />
    protected override IEnumerable<string> ExtraColumns() => [$"{Quote(RowIdColumn)} bigint GENERATED ALWAYS AS IDENTITY"];

    /// <inheritdoc />
    protected override IEnumerable<string> AfterCreateTable(string table) =>
        // @rowid order and the default list order need this to avoid a sort of the whole table.
        // Unnamed, so PostgreSQL picks a free name and a renamed table never blocks a new one with its old name.
        [$"CREATE INDEX ON {Quote(table)} ({Quote(RowIdColumn)})"];

    /// <inheritdoc />
    protected override string IndexColumnSql(IndexColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        // PostgreSQL has no NOCASE collation: a lower() expression gives the same case-insensitive uniqueness.
        return column.Collate.Equals("NOCASE", StringComparison.OrdinalIgnoreCase) ? $"lower({Quote(column.Name)})" : Quote(column.Name);
    }

    /// <inheritdoc />
    public object ToDb(Field field, object? value)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.IsMultiValued)
        {
            return Jsonb(RecordValues.ToJsonArray(value));
        }

        return field switch
        {
            NumberField => value is double d ? d : 0d,
            BoolField => value is true,
            DateField or AutodateField => RecordValues.TryParseCanonicalDate(value as string, out var dt) ? dt : DBNull.Value,
            JsonField => RecordValues.ToJsonText(value) is { } json ? Jsonb(json) : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = DBNull.Value },
            GeoPointField => Jsonb(RecordValues.ToGeoJson(value)),
            _ => value as string ?? "",
        };
    }

    /// <inheritdoc />
    public object? FromDb(Field field, DbDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(ordinal))
        {
            return field is JsonField ? null : field.ZeroValue;
        }

        if (field.IsMultiValued)
        {
            return RecordValues.FromJsonArray(reader.GetString(ordinal));
        }

        return field switch
        {
            NumberField => reader.GetDouble(ordinal),
            BoolField => reader.GetBoolean(ordinal),
            DateField or AutodateField => DateTimeText.Format(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc))),
            JsonField => RecordValues.FromDbJson(reader.GetValue(ordinal)),
            GeoPointField => RecordValues.FromGeoJson(reader.GetString(ordinal)),
            _ => reader.GetString(ordinal),
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

        return $"{column} = ANY({parameters.Add(values.ToArray())})";
    }

    /// <inheritdoc />
    public string JsonArrayContainsAny(string jsonArrayColumn, IReadOnlyCollection<string> values, SqlParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(parameters);
        return $"(jsonb_typeof({jsonArrayColumn}) = 'array' AND {jsonArrayColumn} ?| {parameters.Add(values.ToArray())})";
    }

    /// <inheritdoc />
    public IReadOnlyList<string> StartupStatements => [PostgresFilterFunctions.CreateSql];

    /// <inheritdoc />
    public string? SchemaLockStatement => "SELECT pg_advisory_xact_lock(730531)";

    /// <inheritdoc />
    public IReadOnlyList<string> ConvertCardinality(string table, string column, bool toMultiple)
    {
        var t = Quote(table);
        var c = Quote(column);
        return toMultiple
            ? [$"ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT",
               $"ALTER TABLE {t} ALTER COLUMN {c} TYPE jsonb USING CASE WHEN {c} = '' THEN '[]'::jsonb ELSE jsonb_build_array({c}) END",
               $"ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT '[]'"]
            : [$"ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT",
               $"ALTER TABLE {t} ALTER COLUMN {c} TYPE text COLLATE \"C\" USING COALESCE({c} ->> -1, '')",
               $"ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT ''"];
    }

    /// <inheritdoc />
    public string JsonEachJoin(string jsonExpression, string alias) =>
        $"LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof({jsonExpression}) = 'array' THEN {jsonExpression} ELSE '[]'::jsonb END) {alias}(value)";

    /// <inheritdoc />
    public string JsonParameter(string placeholder) => $"CAST({placeholder} AS jsonb)";

    /// <inheritdoc />
    public string JsonArrayLength(string jsonExpression) =>
        $"(CASE WHEN jsonb_typeof({jsonExpression}) = 'array' THEN jsonb_array_length({jsonExpression}) ELSE 0 END)";

    /// <inheritdoc />
    public string JsonArrayContains(string jsonExpression, string valueExpression) =>
        $"(jsonb_typeof({jsonExpression}) = 'array' AND {jsonExpression} ? {valueExpression})";

    /// <inheritdoc />
    public string JsonExtract(string jsonExpression, IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Count == 0 ? jsonExpression : $"({jsonExpression} #> '{{{string.Join(",", path)}}}')";
    }

    /// <inheritdoc />
    public string JsonArrayOf(string expression) => $"jsonb_build_array({expression})";

    /// <inheritdoc />
    /// <remarks>
    /// Arrays (the multi-valued fields) are rendered compactly, <c>["a","b"]</c>, as SQLite stores them, so that
    /// <c>tags = '["a","b"]'</c> matches on both engines; jsonb's own text form puts a space after each comma.
    /// </remarks>
    public string JsonAsText(string jsonExpression) =>
        $"(CASE WHEN jsonb_typeof({jsonExpression}) = 'array' THEN (SELECT '[' || COALESCE(string_agg(to_json(_jt.v)::text, ',' ORDER BY _jt.n), '') || ']' " +
        $"FROM jsonb_array_elements_text({jsonExpression}) WITH ORDINALITY AS _jt(v, n)) ELSE ({jsonExpression})::text END)";

    /// <inheritdoc />
    public string Lower(string expression) => $"lower(({expression})::text COLLATE \"C\")";

    /// <inheritdoc />
    public string SkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static NpgsqlParameter Jsonb(string json) => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = json };
}
