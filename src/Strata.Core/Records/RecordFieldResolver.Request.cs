using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Schema;
using Strata.Filter;
using Strata.Filter.Sql;
using Strata.Filter.Syntax;

namespace Strata.Core.Records;

public sealed partial class RecordFieldResolver
{
    private ResolvedOperand ResolveRequest(string[] segments, string identifier)
    {
        if (segments.Length < 2)
        {
            return Const(null);
        }

        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        switch (segments[1])
        {
            case "context" when segments.Length == 2:
                return Scalar(Request.Context, modifier, isset: true);
            case "method" when segments.Length == 2:
                return Scalar(Request.Method, modifier, isset: true);
            case "headers" when segments.Length == 3:
                return Scalar(Request.Headers.GetValueOrDefault(segments[2]), modifier, Request.Headers.ContainsKey(segments[2]));
            case "query" when segments.Length == 3:
                return Scalar(Request.Query.GetValueOrDefault(segments[2]), modifier, Request.Query.ContainsKey(segments[2]));
            case "auth":
                return ResolveAuth(segments, modifier, identifier);
            case "body":
                return ResolveBody(segments, modifier, identifier);
            default:
                return modifier == "isset" ? Const(false, FilterValueType.Bool) : Const(null);
        }
    }

    private static ResolvedOperand Scalar(string? value, string? modifier, bool isset) => modifier switch
    {
        null => Const(value, FilterValueType.Text),
        "isset" => Const(isset, FilterValueType.Bool),
        "lower" => Const(value is null ? null : AsciiLower(value), FilterValueType.Text),
        _ => throw new FilterException($"The :{modifier} modifier is not supported here."),
    };

    private ResolvedOperand ResolveAuth(string[] segments, string? modifier, string identifier)
    {
        var auth = Request.Auth;
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
                return Scalar(Request.ApiKeyRole ?? "", modifier, true);
            }

            if (field is null)
            {
                return modifier == "isset" ? Const(false, FilterValueType.Bool) : Const(null);
            }

            // Direct values of the loaded auth record need no join.
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

        var table = _dialect.Quote(auth.Collection.Name);
        var id = auth.Id;
        var alias = RegisterJoin("@request.auth", a => $"LEFT JOIN {table} {a} ON {a}.\"id\" = {Param(id)}");
        var mm = NewAlias("m");
        var chain = new Chain(auth.Collection, alias, "@request.auth", MmBase(), allowHiddenAlways: true);
        chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON {mm}.\"id\" = {Param(id)}");
        chain.MmAlias = mm;
        return ResolvePath(chain, segments, 2, modifier, identifier, nullifyMissing: true);
    }

    private ResolvedOperand ResolveBody(string[] segments, string? modifier, string identifier)
    {
        var body = Request.Body;
        if (segments.Length < 3)
        {
            return Const(null);
        }

        var name = segments[2];
        var present = body is not null && body.ContainsKey(name);
        var field = Collection.FindField(name);
        if (modifier == "isset" && segments.Length == 3)
        {
            return Const(present, FilterValueType.Bool);
        }

        if (field is RelationField rel && segments.Length > 3)
        {
            return BodyRelation(rel, segments, modifier, identifier);
        }

        JsonNode? node = present ? body![name] : null;
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

                return Const((double)(node is JsonArray arr ? arr.Count : node is null || FromJson(node) is "" ? 0 : 1), FilterValueType.Number);
            case "each":
                if (field is null || field is not (SelectField or RelationField or FileField))
                {
                    throw new FilterException($"Field \"{name}\" doesn't support multivalue operations.");
                }

                return BodyEach(name, node, field.IsMultiValued);
            case "changed":
                if (field is null || !present)
                {
                    return Const(false, FilterValueType.Bool);
                }

                // Equivalent to "@request.body.f:isset = true && @request.body.f != f".
                var changed = FilterCompiler.Compile(
                    new ComparisonNode(new IdentifierOperand(name), ComparisonOperator.NotEqual, new IdentifierOperand("@request.body." + name)),
                    this, _dialect.Filter, _parameters, Now);
                return ResolvedOperand.Column("(" + changed + ")", FilterValueType.Bool);
        }

        var value = FromJson(node);
        if (field is NumberField && value is string s && double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d))
        {
            value = d;
        }

        if (modifier == "lower")
        {
            return Const(value is null ? null : AsciiLower(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!), FilterValueType.Text);
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

    private ResolvedOperand BodyEach(string name, JsonNode? node, bool multiple)
    {
        var items = node switch
        {
            JsonArray a => a.Select(FromJson).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToList(),
            null => [],
            _ => [Convert.ToString(FromJson(node), System.Globalization.CultureInfo.InvariantCulture) ?? ""],
        };
        var json = JsonSerializer.Serialize(items);
        var je = RegisterJoin("@request.body." + name + ":each", a => $"LEFT JOIN {_dialect.JsonEachJoin(_dialect.JsonParameter(Param(json)), a)} ON TRUE");
        if (!multiple)
        {
            return ResolvedOperand.Column(je + ".value", FilterValueType.Text);
        }

        var mm = NewAlias("m");
        var from = MmBase() + $" LEFT JOIN {_dialect.JsonEachJoin(_dialect.JsonParameter(Param(json)), mm)} ON TRUE";
        return new ResolvedOperand
        {
            Sql = je + ".value",
            Type = FilterValueType.Text,
            IsMultiValued = true,
            MultiMatch = new MultiMatchSource(from, mm + ".value"),
        };
    }

    private ResolvedOperand BodyRelation(RelationField rel, string[] segments, string? modifier, string identifier)
    {
        var target = _schema.Find(rel.CollectionId);
        var node = Request.Body?[rel.Name];
        var ids = node switch
        {
            JsonArray a => a.Select(FromJson).OfType<string>().Distinct().ToList(),
            JsonValue v when v.TryGetValue<string>(out var s) && s.Length > 0 => [s],
            _ => new List<string>(),
        };
        if (target is null || ids.Count == 0)
        {
            return Const(null);
        }

        var table = _dialect.Quote(target.Name);
        var alias = RegisterJoin("@request.body." + rel.Name, a => $"LEFT JOIN {table} {a} ON {_dialect.InList(a + ".\"id\"", ids, _parameters)}");
        var mm = NewAlias("m");
        var chain = new Chain(target, alias, "@request.body." + rel.Name, MmBase(), allowHiddenAlways: true) { Multi = rel.IsMultiValued };
        chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON {_dialect.InList(mm + ".\"id\"", ids, _parameters)}");
        chain.MmAlias = mm;
        return ResolvePath(chain, segments, 3, modifier, identifier, nullifyMissing: true);
    }

    private ResolvedOperand ResolveCollectionJoin(string[] segments, string identifier)
    {
        if (segments.Length < 3)
        {
            throw new FilterException($"Invalid @collection field \"{identifier}\".");
        }

        var (last, modifier) = SplitModifier(segments[^1]);
        segments[^1] = last;
        var parts = segments[1].Split(':', 2);
        var target = _schema.Find(parts[0]) ?? throw new FilterException($"Unknown collection \"{parts[0]}\".");
        var key = "@collection." + target.Id + ":" + (parts.Length > 1 ? parts[1] : "");
        var table = _dialect.Quote(target.Name);
        var alias = RegisterJoin(key, a => $"LEFT JOIN {table} {a} ON TRUE");
        var mm = NewAlias("m");
        var chain = new Chain(target, alias, key, MmBase(), allowHiddenAlways: true) { Multi = true };
        chain.MmClauses.Add($"LEFT JOIN {table} {mm} ON TRUE");
        chain.MmAlias = mm;
        return ResolvePath(chain, segments, 2, modifier, identifier);
    }

    private static ResolvedOperand ValueConstant(Field field, object? value, string? modifier)
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
            return Const(AsciiLower(s), FilterValueType.Text);
        }

        var type = field.IsMultiValued ? FilterValueType.Text : field.StorageType;
        if (type == FilterValueType.Json)
        {
            type = FilterValueType.Text;
        }

        return Const(constant, type);
    }

    private static string AsciiLower(string s) =>
        string.Create(s.Length, s, static (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                var c = src[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
}
