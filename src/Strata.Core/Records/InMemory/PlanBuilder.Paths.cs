using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Filter;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Core.Records.InMemory;

/// <summary>Identifier resolution, a port of <see cref="RecordFieldResolver"/> onto in-memory joins.</summary>
internal sealed partial class PlanBuilder
{
    private PlanOperand? Resolve(string identifier, Scope scope)
    {
        var segments = identifier.Split('.');
        if (segments[0] == "@request")
        {
            return ResolveRequest(segments, identifier, scope);
        }

        if (segments[0] == "@collection")
        {
            return ResolveCollectionJoin(segments, identifier, scope);
        }

        if (segments[0].StartsWith('@') || segments[0].StartsWith('#'))
        {
            return null;
        }

        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        var chain = new Chain(scope.Collection, scope.Root, scope.KeyPrefix);
        return ResolvePath(chain, segments, 0, modifier, identifier, scope);
    }

    private static (string Name, string? Modifier) SplitModifier(string segment)
    {
        var i = segment.IndexOf(':', StringComparison.Ordinal);
        if (i < 0)
        {
            return (segment, null);
        }

        var modifier = segment[(i + 1)..];
        if (modifier is not ("isset" or "changed" or "length" or "each" or "lower"))
        {
            throw new FilterException($"Unknown modifier \"{modifier}\".");
        }

        return (segment[..i], modifier);
    }

    private PlanOperand ResolvePath(Chain chain, string[] segments, int start, string? modifier, string identifier, Scope scope, bool nullifyMissing = false)
    {
        for (var i = start; i < segments.Length; i++)
        {
            var prop = segments[i];
            if (i == segments.Length - 1)
            {
                return LastProp(chain, prop, modifier, nullifyMissing, scope);
            }

            var field = chain.Collection.FindField(prop);
            if (field is not null && field.Hidden && !chain.AllowHidden(scope.Options))
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
                if (!TryBackRelation(chain, prop, nullifyMissing, scope))
                {
                    return nullifyMissing ? Const(null) : throw new FilterException($"Unknown field \"{prop}\".");
                }

                continue;
            }

            if (field is not RelationField rel)
            {
                throw new FilterException($"Field \"{prop}\" is not a valid relation.");
            }

            var target = _ctx.Schema.Find(rel.CollectionId) ?? throw new FilterException($"Failed to load field \"{prop}\" collection.");
            if (!rel.IsMultiValued && i == segments.Length - 2 && segments[^1] == "id")
            {
                return LastProp(chain, rel.Name, modifier, nullifyMissing, scope);
            }

            var key = chain.Key + "." + prop;
            var name = rel.Name;
            JoinDef join;
            if (!rel.IsMultiValued)
            {
                join = Join(key, chain.Join, parent => [parent is Record p ? _ctx.Find(target, p.Get(name) as string) : null]);
            }
            else
            {
                join = Join(key, chain.Join, parent => parent is Record p && p.Get(name) is IReadOnlyList<string> { Count: > 0 } ids
                    ? ids.Select(id => (object?)_ctx.Find(target, id)).ToList()
                    : [null]);
                chain.Multi = true;
            }

            EnforceListRule(key, target, join, scope);
            chain.Step(target, join, key);
        }

        throw new FilterException($"Failed to resolve field \"{identifier}\".");
    }

    private bool TryBackRelation(Chain chain, string prop, bool nullifyMissing, Scope scope)
    {
        var m = ViaRegex().Match(prop);
        if (!m.Success)
        {
            return false;
        }

        var back = _ctx.Schema.Find(m.Groups[1].Value);
        var backField = back?.FindField(m.Groups[2].Value) as RelationField;
        if (back is null || backField is null || backField.CollectionId != chain.Collection.Id)
        {
            if (nullifyMissing)
            {
                return false;
            }

            throw new FilterException($"Invalid back relation \"{prop}\".");
        }

        if (backField.Hidden && !chain.AllowHidden(scope.Options))
        {
            throw new FilterException($"Non-filterable back relation field \"{backField.Name}\".");
        }

        var multiple = backField.IsMultiValued || !HasUniqueIndex(back, backField.Name);
        var key = chain.Key + "." + prop;
        var name = backField.Name;
        var multiField = backField.IsMultiValued;
        var join = Join(key, chain.Join, parent =>
        {
            if (parent is not Record p)
            {
                return [null];
            }

            var id = p.Id;
            return JoinDef.OrNull(_ctx.RecordsOf(back)
                .Where(r => multiField
                    ? r.Get(name) is IReadOnlyList<string> l && l.Contains(id, StringComparer.Ordinal)
                    : string.Equals(r.Get(name) as string, id, StringComparison.Ordinal))
                .Cast<object?>()
                .ToList());
        });
        if (multiple)
        {
            chain.Multi = true;
        }

        EnforceListRule(key, back, join, scope);
        chain.Step(back, join, key);
        return true;
    }

    private PlanOperand LastProp(Chain chain, string prop, string? modifier, bool nullifyMissing, Scope scope)
    {
        var field = chain.Collection.FindField(prop);
        if (field is null)
        {
            return nullifyMissing ? Const(null) : throw new FilterException($"Unknown field \"{prop}\".");
        }

        if (field.Hidden && !chain.AllowHidden(scope.Options))
        {
            throw new FilterException($"Non-filterable field \"{prop}\".");
        }

        var name = field.Name;
        var isMultiValuer = field is SelectField or RelationField or FileField;
        switch (modifier)
        {
            case "length" when isMultiValuer:
                return chain.Finish(row => row is Record r ? ArrayLength(r.Get(name)) : 0d, FilterValueType.Number);
            case "each" when isMultiValuer:
            {
                var key = chain.Key + "." + prop + ":each";
                var multi = field.IsMultiValued;
                var join = Join(key, chain.Join, parent => multi
                    ? parent is Record p && p.Get(name) is IReadOnlyList<string> { Count: > 0 } l ? l.Cast<object?>().ToList() : [null]
                    : [parent is Record q ? q.Get(name) as string : null]);
                if (multi)
                {
                    chain.Multi = true;
                }

                chain.Step(chain.Collection, join, key);
                return chain.Finish(row => row as string, FilterValueType.Text);
            }

            case "length" or "each":
                throw new FilterException($"Field \"{prop}\" doesn't support multivalue operations.");
            case "isset" or "changed":
                throw new FilterException($"The :{modifier} modifier is allowed only on @request.* fields.");
        }

        Func<object?, object?> extract;
        FilterValueType type;
        if (field is JsonField or GeoPointField)
        {
            extract = row => row is Record r ? SqlValues.FromJson(JsonOf(r.Get(name))) : null;
            type = FilterValueType.Json;
        }
        else if (field.IsMultiValued)
        {
            extract = row => row is Record r ? RecordValues.ToJsonArray(r.Get(name)) : null;
            type = FilterValueType.Text;
        }
        else
        {
            extract = row => row is Record r ? r.Get(name) : null;
            type = field.StorageType;
        }

        if (field.Name == "email" && chain.Collection.Type == CollectionType.Auth && !chain.AllowHidden(scope.Options))
        {
            var inner = extract;
            extract = row => row is Record r && r.Get("emailVisibility") is true ? inner(row) : null;
        }

        if (modifier == "lower")
        {
            var inner = extract;
            var innerType = type;
            extract = row => Comparisons.TextOf(EvalValue.Column(inner(row), innerType)) is { } t ? SqlValues.AsciiLower(t) : null;
            type = FilterValueType.Text;
        }

        return chain.Finish(extract, type);
    }

    private static double ArrayLength(object? value) => value switch
    {
        IReadOnlyList<string> l => l.Count,
        string { Length: > 0 } => 1,
        _ => 0,
    };

    private static JsonNode? JsonOf(object? value) => value switch
    {
        JsonNode n => n,
        GeoPoint g => new JsonObject { ["lon"] = g.Lon, ["lat"] = g.Lat },
        _ => null,
    };

    private static PathOperand JsonPath(Chain chain, Field field, string[] path, string? modifier)
    {
        var name = field.Name;
        object? Extract(object? row)
        {
            if (row is not Record r)
            {
                return null;
            }

            var node = JsonOf(r.Get(name));
            foreach (var segment in path)
            {
                node = SqlValues.Step(node, segment);
            }

            return SqlValues.FromJson(node);
        }

        if (modifier == "lower")
        {
            return chain.Finish(row => Comparisons.TextOf(EvalValue.Column(Extract(row), FilterValueType.Json)) is { } t ? SqlValues.AsciiLower(t) : null, FilterValueType.Text);
        }

        if (modifier is not null)
        {
            throw new FilterException($"The :{modifier} modifier is not supported on JSON paths.");
        }

        return chain.Finish(Extract, FilterValueType.Json);
    }

    private void EnforceListRule(string key, Collection target, JoinDef join, Scope scope)
    {
        if (!scope.Options.EnforceJoinedListRules || !_ruleKeys.Add(key))
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

        var rule = Node(FilterParser.Parse(target.ListRule), new Scope(target, join.Id, key + ">", ResolverOptions.Rule));
        var id = join.Id;
        Extras.Add(b => b.Rows[id] is null ? true : rule(b));
    }

    private static bool HasUniqueIndex(Collection c, string column) =>
        c.Indexes.Select(IndexDefinition.Parse).Any(i => i.Unique && i.Columns.Count == 1 &&
            string.Equals(i.Columns[0].Name, column, StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(i.Where));

    /// <summary>A walk along a path: the collection reached, its join, and the steps for a fresh enumeration.</summary>
    private sealed class Chain(Collection collection, int root, string key, bool allowHiddenAlways = false)
    {
        private readonly List<JoinDef> _steps = [];

        public Collection Collection { get; private set; } = collection;

        public int Root { get; } = root;

        public int Join => _steps.Count == 0 ? Root : _steps[^1].Id;

        public string Key { get; private set; } = key;

        public bool Multi { get; set; }

        public bool AllowHidden(ResolverOptions options) => allowHiddenAlways || options.AllowHidden;

        public void Step(Collection c, JoinDef join, string k)
        {
            Collection = c;
            _steps.Add(join);
            Key = k;
        }

        public PathOperand Finish(Func<object?, object?> extract, FilterValueType type) =>
            new(Root, _steps.ToList(), extract, Multi) { Type = type, Strict = type == FilterValueType.Json };
    }
}
