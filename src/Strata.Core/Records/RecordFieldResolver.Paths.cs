using System.Text.RegularExpressions;
using Strata.Core.Schema;
using Strata.Filter;
using Strata.Filter.Sql;

namespace Strata.Core.Records;

public sealed partial class RecordFieldResolver
{
    private ResolvedOperand ResolvePath(Chain chain, string[] segments, int start, string? modifier, string identifier, bool nullifyMissing = false)
    {
        for (var i = start; i < segments.Length; i++)
        {
            var prop = segments[i];
            if (i == segments.Length - 1)
            {
                return LastProp(chain, prop, modifier, nullifyMissing);
            }

            var field = chain.Collection.FindField(prop);
            if (field is not null && field.Hidden && !chain.AllowHidden(Options))
            {
                throw new FilterException($"Non-filterable field \"{prop}\".");
            }

            if (field is JsonField or GeoPointField)
            {
                return JsonPath(chain, field, segments[(i + 1)..], modifier);
            }

            if (i - start >= MaxRelationDepth)
            {
                throw new FilterException($"Max nested relations reached for field \"{identifier}\".");
            }

            if (field is null)
            {
                if (!TryBackRelation(chain, prop, nullifyMissing))
                {
                    return nullifyMissing ? Const(null) : throw new FilterException($"Unknown field \"{prop}\".");
                }

                continue;
            }

            if (field is not RelationField rel)
            {
                throw new FilterException($"Field \"{prop}\" is not a valid relation.");
            }

            var target = _schema.Find(rel.CollectionId) ?? throw new FilterException($"Failed to load field \"{prop}\" collection.");
            // "author.id" is the stored id: no join needed.
            if (!rel.IsMultiValued && i == segments.Length - 2 && segments[^1] == "id")
            {
                return LastProp(chain, rel.Name, modifier, nullifyMissing);
            }

            var key = chain.Key + "." + prop;
            var column = chain.Alias + "." + _dialect.Quote(prop);
            var table = _dialect.Quote(target.Name);
            string alias;
            if (!rel.IsMultiValued)
            {
                alias = RegisterJoin(key, a => $"LEFT JOIN {table} {a} ON {a}.\"id\" = {column}");
            }
            else
            {
                var je = RegisterJoin(key + ":je", a => $"LEFT JOIN {_dialect.JsonEachJoin(column, a)} ON TRUE");
                alias = RegisterJoin(key, a => $"LEFT JOIN {table} {a} ON {a}.\"id\" = {je}.value");
            }

            var mmColumn = chain.MmAlias + "." + _dialect.Quote(prop);
            var mm = NewAlias("m");
            if (!rel.IsMultiValued)
            {
                chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON {mm}.\"id\" = {mmColumn}");
            }
            else
            {
                var mmJe = NewAlias("m");
                chain.MmClauses.Add($"LEFT JOIN {_dialect.JsonEachJoin(mmColumn, mmJe)} ON TRUE");
                chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON {mm}.\"id\" = {mmJe}.value");
                chain.Multi = true;
            }

            EnforceListRule(key, target, alias);
            chain.Step(target, alias, key, mm);
        }

        throw new FilterException($"Failed to resolve field \"{identifier}\".");
    }

    private bool TryBackRelation(Chain chain, string prop, bool nullifyMissing)
    {
        var m = ViaRegex().Match(prop);
        if (!m.Success)
        {
            return false;
        }

        var back = _schema.Find(m.Groups[1].Value);
        var backField = back?.FindField(m.Groups[2].Value) as RelationField;
        if (back is null || backField is null || backField.CollectionId != chain.Collection.Id)
        {
            if (nullifyMissing)
            {
                return false;
            }

            throw new FilterException($"Invalid back relation \"{prop}\".");
        }

        if (backField.Hidden && !chain.AllowHidden(Options))
        {
            throw new FilterException($"Non-filterable back relation field \"{backField.Name}\".");
        }

        var multiple = backField.IsMultiValued || !HasUniqueIndex(back, backField.Name);
        var key = chain.Key + "." + prop;
        var table = _dialect.Quote(back.Name);
        var backColumn = _dialect.Quote(backField.Name);
        string On(string a, string from) => backField.IsMultiValued
            ? _dialect.JsonArrayContains($"{a}.{backColumn}", $"{from}.\"id\"")
            : $"{a}.{backColumn} = {from}.\"id\"";
        var alias = RegisterJoin(key, a => $"LEFT JOIN {table} {a} ON {On(a, chain.Alias)}");
        var mm = NewAlias("m");
        chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON {On(mm, chain.MmAlias)}");
        if (multiple)
        {
            chain.Multi = true;
        }

        EnforceListRule(key, back, alias);
        chain.Step(back, alias, key, mm);
        return true;
    }

    private ResolvedOperand LastProp(Chain chain, string prop, string? modifier, bool nullifyMissing)
    {
        var field = chain.Collection.FindField(prop);
        if (field is null)
        {
            return nullifyMissing ? Const(null) : throw new FilterException($"Unknown field \"{prop}\".");
        }

        if (field.Hidden && !chain.AllowHidden(Options))
        {
            throw new FilterException($"Non-filterable field \"{prop}\".");
        }

        var column = chain.Alias + "." + _dialect.Quote(field.Name);
        var mmColumn = chain.MmAlias + "." + _dialect.Quote(field.Name);
        var isMultiValuer = field is SelectField or RelationField or FileField;
        switch (modifier)
        {
            case "length" when isMultiValuer && field.IsMultiValued:
                return Finish(chain, _dialect.JsonArrayLength(column), _dialect.JsonArrayLength(mmColumn), FilterValueType.Number);
            case "length" when isMultiValuer:
                // A single-valued field holds one item unless it is empty (its column is plain text, not JSON).
                return Finish(chain, SingleLength(column), SingleLength(mmColumn), FilterValueType.Number);
            case "each" when isMultiValuer:
            {
                var key = chain.Key + "." + prop + ":each";
                string eachColumn = field.IsMultiValued ? column : $"{_dialect.JsonArrayOf(column)}";
                string mmEachColumn = field.IsMultiValued ? mmColumn : $"{_dialect.JsonArrayOf(mmColumn)}";
                var je = RegisterJoin(key, a => $"LEFT JOIN {_dialect.JsonEachJoin(eachColumn, a)} ON TRUE");
                var mmJe = NewAlias("m");
                chain.MmClauses.Add($"LEFT JOIN {_dialect.JsonEachJoin(mmEachColumn, mmJe)} ON TRUE");
                if (field.IsMultiValued)
                {
                    chain.Multi = true;
                }

                return Finish(chain, je + ".value", mmJe + ".value", FilterValueType.Text);
            }

            case "length" or "each":
                throw new FilterException($"Field \"{prop}\" doesn't support multivalue operations.");
            case "isset" or "changed":
                throw new FilterException($"The :{modifier} modifier is allowed only on @request.* fields.");
        }

        string sql;
        string mmSql;
        FilterValueType type;
        if (field is JsonField or GeoPointField)
        {
            sql = _dialect.JsonExtract(column, []);
            mmSql = _dialect.JsonExtract(mmColumn, []);
            type = FilterValueType.Json;
        }
        else if (field.IsMultiValued)
        {
            // Like the reference server: a multi-valued field at the end of a path is its stored JSON array text.
            sql = _dialect.JsonAsText(column);
            mmSql = _dialect.JsonAsText(mmColumn);
            type = FilterValueType.Text;
        }
        else
        {
            sql = column;
            mmSql = mmColumn;
            type = field.StorageType;
        }

        if (field.Name == "email" && chain.Collection.Type == CollectionType.Auth && !chain.AllowHidden(Options))
        {
            // Others may filter on an email only where its owner made it visible.
            var visibility = chain.Alias + ".\"emailVisibility\"";
            var mmVisibility = chain.MmAlias + ".\"emailVisibility\"";
            sql = $"(CASE WHEN {visibility} THEN {sql} ELSE NULL END)";
            mmSql = $"(CASE WHEN {mmVisibility} THEN {mmSql} ELSE NULL END)";
        }

        if (modifier == "lower")
        {
            // Lower the text view the comparisons use (booleans 1/0, canonical dates, unquoted JSON scalars), not the
            // engine's own cast to text, so both engines agree.
            sql = _dialect.Lower(_dialect.Filter.ToText(sql, type));
            mmSql = _dialect.Lower(_dialect.Filter.ToText(mmSql, type));
            type = FilterValueType.Text;
        }

        return Finish(chain, sql, mmSql, type);
    }

    private ResolvedOperand JsonPath(Chain chain, Field field, string[] path, string? modifier)
    {
        var sql = _dialect.JsonExtract(chain.Alias + "." + _dialect.Quote(field.Name), path);
        var mmSql = _dialect.JsonExtract(chain.MmAlias + "." + _dialect.Quote(field.Name), path);
        if (modifier == "lower")
        {
            return Finish(chain, _dialect.Lower(_dialect.Filter.ToText(sql, FilterValueType.Json)),
                _dialect.Lower(_dialect.Filter.ToText(mmSql, FilterValueType.Json)), FilterValueType.Text);
        }

        if (modifier is not null)
        {
            throw new FilterException($"The :{modifier} modifier is not supported on JSON paths.");
        }

        return Finish(chain, sql, mmSql, FilterValueType.Json);
    }

    private ResolvedOperand Finish(Chain chain, string sql, string mmSql, FilterValueType type)
    {
        if (!chain.Multi)
        {
            return ResolvedOperand.Column(sql, type);
        }

        return new ResolvedOperand
        {
            Sql = sql,
            Type = type,
            IsMultiValued = true,
            MultiMatch = new MultiMatchSource(chain.MmFrom(), mmSql),
        };
    }

    private static string SingleLength(string column) => $"(CASE WHEN {column} IS NULL OR {column} = '' THEN 0 ELSE 1 END)";

    private void EnforceListRule(string key, Collection target, string alias)
    {
        if (!Options.EnforceJoinedListRules || !_joinAliases.TryAdd("rule:" + key, alias))
        {
            return;
        }

        if (target.ListRule is null)
        {
            throw new FilterException($"Only superusers can filter by \"{target.Name}\" fields.");
        }

        if (target.ListRule.Trim().Length == 0)
        {
            return;
        }

        // The related collection's list rule, evaluated for the requester on the joined rows, like the reference server.
        var nested = new RecordFieldResolver(_schema, target, alias, Request, _dialect, _parameters, ResolverOptions.Rule,
            _joinAliases, _joins, _extra, _counter) { Now = Now, AliasPrefix = AliasPrefix, KeyPrefix = key + ">" };
        var rule = nested.CompileNested(target.ListRule);
        _extra.Add($"({alias}.\"id\" IS NULL OR ({rule}))");
    }

    private static bool HasUniqueIndex(Collection c, string column) =>
        c.Indexes.Select(IndexDefinition.Parse).Any(i => i.Unique && i.Columns.Count == 1 &&
            string.Equals(i.Columns[0].Name, column, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(i.Where));

    [GeneratedRegex(@"^(\w+)_via_(\w+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ViaRegex();

    /// <summary>A walk along a path: where it is in the main statement, and the fresh chain for match-all checks.</summary>
    private sealed class Chain
    {
        private readonly string _mmBase;

        public Chain(Collection collection, string alias, string key, string mmBase, bool allowHiddenAlways = false)
        {
            Collection = collection;
            Alias = alias;
            Key = key;
            MmAlias = alias;
            _mmBase = mmBase;
            AllowHiddenAlways = allowHiddenAlways;
        }

        public Collection Collection { get; private set; }

        public string Alias { get; private set; }

        public string Key { get; private set; }

        public string MmAlias { get; set; }

        public bool Multi { get; set; }

        public bool AllowHiddenAlways { get; }

        public List<string> MmClauses { get; } = [];

        public bool AllowHidden(ResolverOptions options) => AllowHiddenAlways || options.AllowHidden;

        public void Step(Collection collection, string alias, string key, string mmAlias)
        {
            Collection = collection;
            Alias = alias;
            Key = key;
            MmAlias = mmAlias;
        }

        public string MmFrom() => MmClauses.Count == 0 ? _mmBase : _mmBase + " " + string.Join(" ", MmClauses);
    }
}
