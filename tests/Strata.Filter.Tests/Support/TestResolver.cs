using System.Text.RegularExpressions;
using Strata.Filter.Sql;

namespace Strata.Filter.Tests.Support;

/// <summary>
/// A fixed fake schema over <c>items i LEFT JOIN users u ON u.id = i.owner</c>. Multi-valued fields register a
/// shared join that the query wraps in EXISTS, like Core's resolver does.
/// </summary>
internal sealed partial class TestResolver(ISqlDialect dialect) : IFieldResolver
{
    private int _aliases;

    public List<string> SharedJoins { get; } = [];

    public int Calls { get; private set; }

    public ResolvedOperand? Resolve(string identifier)
    {
        Calls++;
        switch (identifier)
        {
            case "id" or "title" or "body" or "owner":
                return ResolvedOperand.Column("i." + identifier, FilterValueType.Text);
            case "views" or "price":
                return ResolvedOperand.Column("i." + identifier, FilterValueType.Number);
            case "verified":
                return ResolvedOperand.Column("i.verified", FilterValueType.Bool);
            case "created" or "published":
                return ResolvedOperand.Column("i." + identifier, FilterValueType.Date);
            case "data":
                return ResolvedOperand.Column(dialect.Name == "sqlite" ? "json_extract(i.data, '$')" : "i.data", FilterValueType.Json);
            case "title:lower":
                return ResolvedOperand.Column(dialect.Lower("i.title"), FilterValueType.Text);
            case "owner.name":
                return ResolvedOperand.Column("u.name", FilterValueType.Text);
            case "owner.age":
                return ResolvedOperand.Column("u.age", FilterValueType.Number);
            case "owner.active":
                return ResolvedOperand.Column("u.active", FilterValueType.Bool);
            case "owner.birthday":
                return ResolvedOperand.Column("u.birthday", FilterValueType.Date);
            case "tags" or "tags:each":
                return Multi("tags", FilterValueType.Text);
            case "scores" or "scores:each":
                return Multi("scores", FilterValueType.Number);
            case "tags:length" or "scores:length":
                return ResolvedOperand.Column(dialect.JsonArrayLength("i." + identifier[..^7]), FilterValueType.Number);
            case "@request.auth.id":
                return ResolvedOperand.Constant("u1", FilterValueType.Text);
            case "@request.auth.verified":
                return ResolvedOperand.Constant(true, FilterValueType.Bool);
            case "@request.query.n":
                return ResolvedOperand.Constant("5");
            case "@request.query.slash":
                return ResolvedOperand.Constant("x\\");
            case "@request.query.missing":
                return ResolvedOperand.Constant(null);
            case "@request.body.tags":
                return ResolvedOperand.Constant(new[] { "a", "b" }, FilterValueType.Text);
            case "@request.body.none":
                return ResolvedOperand.Constant(Array.Empty<string>(), FilterValueType.Text);
            case "@request.body.nums":
                return ResolvedOperand.Constant(new object[] { 1.0, 5 }, FilterValueType.Number);
        }
        if (identifier.StartsWith("@collection.", StringComparison.Ordinal))
            throw new FilterException("@collection is not available here.");
        var json = JsonPath().Match(identifier);
        if (json.Success)
            return JsonColumn(json.Groups[1].Value, json.Groups[2].Value.Split('.'));
        if (identifier.Contains(':', StringComparison.Ordinal))
            throw new FilterException($"unknown modifier in \"{identifier}\"");
        return null;
    }

    private ResolvedOperand JsonColumn(string column, string[] path)
    {
        if (dialect.Name == "sqlite")
        {
            var p = "$" + string.Concat(path.Select(s => s.All(char.IsAsciiDigit) ? $"[{s}]" : "." + s));
            return ResolvedOperand.Column($"json_extract(i.{column}, '{p}')", FilterValueType.Json);
        }
        return ResolvedOperand.Column($"(i.{column} #> '{{{string.Join(",", path)}}}')", FilterValueType.Json);
    }

    private ResolvedOperand Multi(string column, FilterValueType type)
    {
        var shared = "_" + column;
        var join = $"LEFT JOIN {dialect.JsonEach("i." + column, shared)} ON 1=1";
        if (!SharedJoins.Contains(join))
            SharedJoins.Add(join);
        var alias = "_m" + (++_aliases).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var from = $"(SELECT 1) {alias} LEFT JOIN {dialect.JsonEach("i." + column, alias + "j")} ON 1=1";
        return new ResolvedOperand
        {
            Sql = Value(dialect.JsonEachValue(shared), type),
            Type = type,
            IsMultiValued = true,
            MultiMatch = new MultiMatchSource(from, Value(dialect.JsonEachValue(alias + "j"), type)),
        };
    }

    private string Value(string sql, FilterValueType type) =>
        type == FilterValueType.Number && dialect.Name != "sqlite" ? $"CAST({sql} AS double precision)" : sql;

    /// <summary>Wraps a compiled condition in EXISTS over the shared joins, as Core does.</summary>
    public string Where(string condition) =>
        SharedJoins.Count == 0
            ? condition
            : $"EXISTS (SELECT 1 FROM (SELECT 1) _s {string.Join(" ", SharedJoins)} WHERE {condition})";

    [GeneratedRegex(@"^(data|loc)\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)$")]
    private static partial Regex JsonPath();
}
