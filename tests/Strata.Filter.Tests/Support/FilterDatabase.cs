using System.Data.Common;
using Strata.Filter.Sql;

namespace Strata.Filter.Tests.Support;

/// <summary>A real database holding <see cref="TestData"/>, queried through compiled filters.</summary>
internal abstract class FilterDatabase : IDisposable
{
    /// <summary>The fixed clock the macros see.</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 15, 12, 30, 45, 123, TimeSpan.Zero);

    protected abstract DbConnection Connection { get; }

    public abstract ISqlDialect Dialect { get; }

    public IReadOnlyList<string> Ids(string filter)
    {
        var resolver = new TestResolver(Dialect);
        var parameters = new SqlParameters();
        var condition = FilterCompiler.Compile(FilterParser.Parse(filter), resolver, Dialect, parameters, Now);
        var sql = $"SELECT i.id FROM items i LEFT JOIN users u ON u.id = i.owner WHERE {resolver.Where(condition)} ORDER BY i.id";
        return Query(sql, parameters.Items);
    }

    public IReadOnlyList<string> Query(string sql, IEnumerable<KeyValuePair<string, object?>> parameters)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
            ids.Add(reader.IsDBNull(0) ? "<null>" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return ids;
    }

    public object? Scalar(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        var v = command.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    protected void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        command.ExecuteNonQuery();
    }

    public abstract void Dispose();
}
