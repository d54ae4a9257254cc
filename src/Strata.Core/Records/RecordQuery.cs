using System.Text;
using Strata.Core.Errors;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Records;

/// <summary>
/// Builds the single parameterised statement of a records request: the collection's rule AND the client's filter,
/// each wrapped in one EXISTS over its joins when it traverses relations, then sort and paging.
/// </summary>
public sealed class RecordQuery
{
    private readonly SchemaSnapshot _schema;
    private readonly IDialect _dialect;
    private readonly Collection _collection;
    private readonly RequestInfo _request;
    private readonly DateTimeOffset _now;
    private readonly List<string> _conditions = [];
    private readonly List<string> _sortJoins = [];
    private readonly List<string> _orderBy = [];
    private string? _extraColumn;

    /// <summary>Starts a query over <paramref name="collection"/>.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="dialect">The dialect.</param>
    /// <param name="collection">The collection.</param>
    /// <param name="request">The request (for <c>@request.*</c>).</param>
    /// <param name="now">The time macros resolve to.</param>
    public RecordQuery(SchemaSnapshot schema, IDialect dialect, Collection collection, RequestInfo request, DateTimeOffset now)
    {
        _schema = schema;
        _dialect = dialect;
        _collection = collection;
        _request = request;
        _now = now;
        Alias = dialect.Quote(collection.Name);
    }

    /// <summary>The statement's parameters.</summary>
    public SqlParameters Parameters { get; } = new();

    /// <summary>The alias of the collection's table.</summary>
    public string Alias { get; }

    /// <summary>
    /// True while every condition is a record id (<see cref="WhereId"/>) or an expression that compiled to the dialect's
    /// constant true without joins (a rule that folds, such as <c>@request.auth.id != ""</c> for a signed-in user): then
    /// the statement can only test that the row exists.
    /// </summary>
    public bool OnlyIdConditions { get; private set; } = true;

    /// <summary>ANDs an expression into the WHERE clause.</summary>
    /// <param name="expression">The filter or rule text.</param>
    /// <param name="options">What it may use.</param>
    /// <param name="aliasPrefix">A prefix that keeps its generated aliases apart from others in the statement.</param>
    /// <exception cref="FilterException">The expression is invalid.</exception>
    /// <param name="parameters">Values of <c>{:name}</c> placeholders, or null.</param>
    public RecordQuery Where(string expression, ResolverOptions options, string aliasPrefix, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (parameters is not null)
        {
            expression = FilterPlaceholders.Rewrite(expression, parameters);
        }

        var resolver = NewResolver(options, aliasPrefix, parameters);
        var sql = FilterCompiler.Compile(FilterParser.Parse(expression), resolver, _dialect.Filter, Parameters, _now);
        var wrapped = Wrap(sql, resolver);
        OnlyIdConditions &= wrapped == _dialect.Filter.Boolean(true);
        _conditions.Add(wrapped);
        return this;
    }

    /// <summary>ANDs <c>id = value</c> into the WHERE clause.</summary>
    /// <param name="id">The record id.</param>
    public RecordQuery WhereId(string id)
    {
        _conditions.Add($"{Alias}.\"id\" = {Parameters.Add(id)}");
        return this;
    }

    /// <summary>
    /// Appends one more column after the collection's fields (a scalar subquery built from this query's parameters),
    /// so a lookup that must accompany the record costs no second statement.
    /// </summary>
    /// <param name="sql">The column expression.</param>
    public RecordQuery WithExtraColumn(string sql)
    {
        _extraColumn = sql;
        return this;
    }

    /// <summary>ANDs raw SQL (built from validated identifiers and this query's parameters).</summary>
    /// <param name="sql">The condition.</param>
    public RecordQuery WhereSql(string sql)
    {
        OnlyIdConditions = false;
        _conditions.Add(sql);
        return this;
    }

    /// <summary>Adds the sort of the <c>sort</c> parameter.</summary>
    /// <param name="sort">The sort text.</param>
    /// <param name="options">What it may use.</param>
    /// <exception cref="FilterException">An item is invalid.</exception>
    public RecordQuery OrderBy(string sort, ResolverOptions options)
    {
        var resolver = NewResolver(options, "s");
        foreach (var item in SortParser.Parse(sort))
        {
            var direction = item.Descending ? " DESC" : " ASC";
            if (item.Identifier == "@random")
            {
                _orderBy.Add(_dialect.Name == "postgres" ? "random()" : "RANDOM()");
                continue;
            }

            if (item.Identifier == "@rowid")
            {
                _orderBy.Add($"{Alias}.{_dialect.Quote(_dialect.RowIdColumn)}{direction}");
                continue;
            }

            var operand = resolver.Resolve(item.Identifier);
            if (operand is null || operand.IsConstant || operand.IsMultiValued || operand.Sql is null)
            {
                throw new FilterException($"Invalid sort field \"{item.Identifier}\".");
            }

            _orderBy.Add(operand.Sql + direction);
        }

        if (resolver.ExtraConditions.Count > 0)
        {
            OnlyIdConditions = false;
            _conditions.AddRange(resolver.ExtraConditions);
        }

        // Single-relation joins do not multiply rows, so they can live in the main statement.
        _sortJoins.AddRange(resolver.Joins);
        return this;
    }

    /// <summary>The SELECT of the records with paging.</summary>
    /// <param name="limit">Rows to return, or null for all.</param>
    /// <param name="offset">Rows to skip.</param>
    public string SelectSql(int? limit, long offset = 0)
    {
        var sb = new StringBuilder("SELECT ");
        sb.AppendJoin(", ", _collection.Fields.Select(f => Alias + "." + _dialect.Quote(f.Name)));
        if (_extraColumn is not null)
        {
            sb.Append(", ").Append(_extraColumn);
        }

        sb.Append(" FROM ").Append(_dialect.Quote(_collection.Name));
        foreach (var j in _sortJoins)
        {
            sb.Append(' ').Append(j);
        }

        AppendWhere(sb);
        if (_orderBy.Count > 0)
        {
            sb.Append(" ORDER BY ").AppendJoin(", ", _orderBy);
        }
        else if (_collection.Type != CollectionType.View)
        {
            sb.Append(" ORDER BY ").Append(Alias).Append('.').Append(_dialect.Quote(_dialect.RowIdColumn));
        }

        if (limit is not null)
        {
            // The offset stays a parameter: it varies by page and SQLite does not plan with it.
            sb.Append(SqlText.Limit(limit.Value));
            sb.Append(" OFFSET ").Append(Parameters.Add(offset));
        }

        return sb.ToString();
    }

    /// <summary>The COUNT of all matching records.</summary>
    public string CountSql()
    {
        var sb = new StringBuilder("SELECT COUNT(*) FROM ").Append(_dialect.Quote(_collection.Name));

        // A non-superuser's sort through a relation adds the joined collection's list rule to the conditions, which
        // name the sort's join aliases; single-relation joins don't multiply rows, so the count stays exact.
        foreach (var j in _sortJoins)
        {
            sb.Append(' ').Append(j);
        }

        AppendWhere(sb);
        return sb.ToString();
    }

    /// <summary>An EXISTS test of the conditions for one record id (used to check rules on a just-written row).</summary>
    public string ExistsSql()
    {
        var sb = new StringBuilder("SELECT 1 FROM ").Append(_dialect.Quote(_collection.Name));
        AppendWhere(sb);
        return sb.ToString();
    }

    private void AppendWhere(StringBuilder sb)
    {
        if (_conditions.Count > 0)
        {
            sb.Append(" WHERE ").AppendJoin(" AND ", _conditions.Select(c => "(" + c + ")"));
        }
    }

    private RecordFieldResolver NewResolver(ResolverOptions options, string aliasPrefix, IReadOnlyDictionary<string, object?>? parameters = null) =>
        new(_schema, _collection, Alias, _request, _dialect, Parameters, options) { Now = _now, AliasPrefix = aliasPrefix, Params = parameters };

    private static string Wrap(string expression, RecordFieldResolver resolver)
    {
        if (resolver.Joins.Count == 0 && resolver.ExtraConditions.Count == 0)
        {
            return expression;
        }

        // One EXISTS over all joins gives "some combination of related rows satisfies the expression" — the
        // reference server's JOIN + DISTINCT semantics — without multiplying or de-duplicating the main rows.
        var sb = new StringBuilder("EXISTS (SELECT 1 FROM (SELECT 1 AS one) \"_w\"");
        foreach (var j in resolver.Joins)
        {
            sb.Append(' ').Append(j);
        }

        sb.Append(" WHERE (").Append(expression).Append(')');
        foreach (var extra in resolver.ExtraConditions)
        {
            sb.Append(" AND ").Append(extra);
        }

        return sb.Append(')').ToString();
    }

    /// <summary>Turns a filter failure into the contract's generic 400.</summary>
    /// <param name="e">The failure.</param>
    public static StrataException InvalidFilter(FilterException e) =>
        new(400, "Something went wrong while processing your request.", null);
}
