using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Filter;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Core.Records.InMemory;

/// <summary><c>@request.*</c> and <c>@collection.*</c>, a port of the resolver's request part.</summary>
internal sealed partial class PlanBuilder
{
    private PlanOperand ResolveRequest(string[] segments, string identifier, Scope scope)
    {
        if (segments.Length < 2)
        {
            return Const(null);
        }

        var request = _ctx.Request;
        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        switch (segments[1])
        {
            case "context" when segments.Length == 2:
                return Scalar(request.Context, modifier, isset: true);
            case "method" when segments.Length == 2:
                return Scalar(request.Method, modifier, isset: true);
            case "headers" when segments.Length == 3:
                return Scalar(request.Headers.GetValueOrDefault(segments[2]), modifier, request.Headers.ContainsKey(segments[2]));
            case "query" when segments.Length == 3:
                return Scalar(request.Query.GetValueOrDefault(segments[2]), modifier, request.Query.ContainsKey(segments[2]));
            case "auth":
                return ResolveAuth(segments, modifier, identifier, scope);
            case "body":
                return ResolveBody(segments, modifier, identifier, scope);
            default:
                return modifier == "isset" ? Const(false, FilterValueType.Bool) : Const(null);
        }
    }

    private static PlanOperand Scalar(string? value, string? modifier, bool isset) => modifier switch
    {
        null => Const(value, FilterValueType.Text),
        "isset" => Const(isset, FilterValueType.Bool),
        "lower" => Const(value is null ? null : SqlValues.AsciiLower(value), FilterValueType.Text),
        _ => throw new FilterException($"The :{modifier} modifier is not supported here."),
    };

    private PlanOperand ResolveAuth(string[] segments, string? modifier, string identifier, Scope scope)
    {
        var auth = _ctx.Request.Auth;
        if (segments.Length < 3)
        {
            return Const(null);
        }

        if (auth is null)
        {
            return modifier == "isset" ? Const(false, FilterValueType.Bool) : Const(null);
        }

        var name = segments[2];
        if (segments.Length == 3)
        {
            switch (name)
            {
                case "collectionId":
                    return Scalar(auth.Collection.Id, modifier, true);
                case "collectionName":
                    return Scalar(auth.Collection.Name, modifier, true);
            }

            var field = auth.Collection.FindField(name);
            if (field is null && name == "apiKeyRole")
            {
                // Strata extension: the role of the API key in use ("" for tokens), unless the collection has such a field.
                return Scalar(_ctx.Request.ApiKeyRole ?? "", modifier, true);
            }

            if (field is null)
            {
                return modifier == "isset" ? Const(false, FilterValueType.Bool) : Const(null);
            }

            if (modifier is null or "lower" or "isset" or "length" && field is not PasswordField)
            {
                var value = auth.Get(name);
                return modifier switch
                {
                    "isset" => Const(true, FilterValueType.Bool),
                    "length" => Const((double)(value is IReadOnlyList<string> l ? l.Count : value is string { Length: > 0 } ? 1 : 0), FilterValueType.Number),
                    _ => ValueConstant(field, value, modifier),
                };
            }
        }

        var authCollection = auth.Collection;
        var id = auth.Id;
        var join = Join("@request.auth", scope.Root, _ => [_ctx.Find(authCollection, id)]);
        var chain = new Chain(authCollection, scope.Root, "@request.auth", allowHiddenAlways: true);
        chain.Step(authCollection, join, "@request.auth");
        return ResolvePath(chain, segments, 2, modifier, identifier, scope, nullifyMissing: true);
    }

    private PlanOperand ResolveBody(string[] segments, string? modifier, string identifier, Scope scope)
    {
        var body = _ctx.Request.Body;
        if (segments.Length < 3)
        {
            return Const(null);
        }

        var name = segments[2];
        var present = body is not null && body.ContainsKey(name);
        var field = scope.Collection.FindField(name);
        if (modifier == "isset" && segments.Length == 3)
        {
            return Const(present, FilterValueType.Bool);
        }

        if (field is RelationField rel && segments.Length > 3)
        {
            return BodyRelation(rel, segments, modifier, identifier, scope);
        }

        var node = present ? body![name] : null;
        for (var i = 3; i < segments.Length && node is not null; i++)
        {
            node = node switch
            {
                JsonObject o => o[segments[i]],
                JsonArray a when int.TryParse(segments[i], out var idx) && idx >= 0 && idx < a.Count => a[idx],
                _ => null,
            };
        }

        if (segments.Length > 3)
        {
            field = null;
        }

        switch (modifier)
        {
            case "isset":
                return Const(node is not null || (segments.Length == 3 && present), FilterValueType.Bool);
            case "length":
                if (field is null || field is not (SelectField or RelationField or FileField))
                {
                    throw new FilterException($"Field \"{name}\" doesn't support multivalue operations.");
                }

                return Const((double)(node is JsonArray arr ? arr.Count : node is null || FromBodyJson(node) is "" ? 0 : 1), FilterValueType.Number);
            case "each":
                if (field is null || field is not (SelectField or RelationField or FileField))
                {
                    throw new FilterException($"Field \"{name}\" doesn't support multivalue operations.");
                }

                return BodyEach(name, node, field.IsMultiValued, scope);
            case "changed":
                if (field is null || !present)
                {
                    return Const(false, FilterValueType.Bool);
                }

                var changed = Comparison(
                    new ComparisonNode(new IdentifierOperand(name), ComparisonOperator.NotEqual, new IdentifierOperand("@request.body." + name)),
                    scope);
                return new ConditionOperand(changed) { Type = FilterValueType.Bool };
        }

        var value = FromBodyJson(node);
        if (field is NumberField && value is string s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            value = d;
        }

        if (modifier == "lower")
        {
            return Const(value is null ? null : SqlValues.AsciiLower(Text(value)), FilterValueType.Text);
        }

        var type = value switch
        {
            null => FilterValueType.Any,
            bool => FilterValueType.Bool,
            double => FilterValueType.Number,
            _ when field is DateField or AutodateField => FilterValueType.Date,
            _ => FilterValueType.Text,
        };
        return Const(value, type);
    }

    private PathOperand BodyEach(string name, JsonNode? node, bool multiple, Scope scope)
    {
        List<string> items = node switch
        {
            JsonArray a => a.Select(FromBodyJson).Select(Text).ToList(),
            null => [],
            _ => [Text(FromBodyJson(node))],
        };
        var join = Join("@request.body." + name + ":each", scope.Root, _ => items.Count == 0 ? [null] : items.Cast<object?>().ToList());
        var chain = new Chain(scope.Collection, scope.Root, "@request.body." + name) { Multi = multiple };
        chain.Step(scope.Collection, join, "@request.body." + name + ":each");
        return chain.Finish(row => row as string, FilterValueType.Text);
    }

    private PlanOperand BodyRelation(RelationField rel, string[] segments, string? modifier, string identifier, Scope scope)
    {
        var target = _ctx.Schema.Find(rel.CollectionId);
        var node = _ctx.Request.Body?[rel.Name];
        var ids = node switch
        {
            JsonArray a => a.Select(FromBodyJson).OfType<string>().Distinct().ToList(),
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => [s],
            _ => new List<string>(),
        };
        if (target is null || ids.Count == 0)
        {
            return Const(null);
        }

        var join = Join("@request.body." + rel.Name, scope.Root,
            _ => JoinDef.OrNull(_ctx.RecordsOf(target).Where(r => ids.Contains(r.Id, StringComparer.Ordinal)).Cast<object?>().ToList()));
        var chain = new Chain(target, scope.Root, "@request.body." + rel.Name, allowHiddenAlways: true) { Multi = rel.IsMultiValued };
        chain.Step(target, join, "@request.body." + rel.Name);
        return ResolvePath(chain, segments, 3, modifier, identifier, scope, nullifyMissing: true);
    }

    private PlanOperand ResolveCollectionJoin(string[] segments, string identifier, Scope scope)
    {
        if (segments.Length < 3)
        {
            throw new FilterException($"Invalid @collection field \"{identifier}\".");
        }

        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        var parts = segments[1].Split(':', 2);
        var target = _ctx.Schema.Find(parts[0]) ?? throw new FilterException($"Unknown collection \"{parts[0]}\".");
        var key = "@collection." + target.Id + ":" + (parts.Length > 1 ? parts[1] : "");
        var join = Join(key, scope.Root, _ => JoinDef.OrNull(_ctx.RecordsOf(target).Cast<object?>().ToList()));
        var chain = new Chain(target, scope.Root, key, allowHiddenAlways: true) { Multi = true };
        chain.Step(target, join, key);
        return ResolvePath(chain, segments, 2, modifier, identifier, scope);
    }

    private static PlanOperand ValueConstant(Field field, object? value, string? modifier)
    {
        object? constant = value switch
        {
            IReadOnlyList<string> list => RecordValues.ToJsonArray(list),
            JsonNode n => n.ToJsonString(),
            GeoPoint g => RecordValues.ToGeoJson(g),
            _ => value,
        };
        if (modifier == "lower" && constant is string s)
        {
            return Const(SqlValues.AsciiLower(s), FilterValueType.Text);
        }

        var type = field.IsMultiValued ? FilterValueType.Text : field.StorageType;
        if (type == FilterValueType.Json)
        {
            type = FilterValueType.Text;
        }

        return Const(constant, type);
    }
}
