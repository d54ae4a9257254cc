using System.Globalization;
using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Records;

/// <summary>
/// The <c>fields</c> query parameter (contract §9.1) as a tree: which keys to keep at each level, <c>*</c> for all,
/// and the <c>:excerpt(max[, ellipsis])</c> modifier.
/// </summary>
public sealed class FieldsPicker
{
    private readonly Dictionary<string, FieldsPicker> _children = new(StringComparer.Ordinal);

    private FieldsPicker() { }

    /// <summary>True when <c>*</c> was given at this level.</summary>
    public bool All { get; private set; }

    /// <summary>The excerpt length for this key, or 0.</summary>
    public int ExcerptMax { get; private set; }

    /// <summary>Whether the excerpt gets "..." when cut.</summary>
    public bool ExcerptEllipsis { get; private set; }

    /// <summary>Parses the parameter; null or empty gives null (keep everything).</summary>
    /// <param name="fields">The parameter value.</param>
    /// <exception cref="StrataException">A modifier is invalid.</exception>
    public static FieldsPicker? Parse(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return null;
        }

        var root = new FieldsPicker();
        foreach (var raw in SplitTopLevel(fields))
        {
            var item = raw.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            string? modifier = null;
            var colon = item.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0)
            {
                modifier = item[(colon + 1)..];
                item = item[..colon];
            }

            var node = root;
            var parts = item.Split('.');
            for (var i = 0; i < parts.Length; i++)
            {
                if (parts[i] == "*")
                {
                    node.All = true;
                    break;
                }

                if (!node._children.TryGetValue(parts[i], out var child))
                {
                    child = new FieldsPicker();
                    node._children[parts[i]] = child;
                }

                node = child;
                if (i == parts.Length - 1)
                {
                    node.All = true;
                    if (modifier is not null)
                    {
                        node.ApplyModifier(modifier);
                    }
                }
            }
        }

        return root;
    }

    /// <summary>The picker for a key, or null when the key is not kept.</summary>
    /// <param name="key">The key.</param>
    public FieldsPicker? Child(string key)
    {
        if (_children.TryGetValue(key, out var child))
        {
            return child;
        }

        return All ? AllPicker : null;
    }

    /// <summary>Keeps everything below.</summary>
    public static FieldsPicker AllPicker { get; } = new() { All = true };

    /// <summary>True when this level keeps specific sub-keys (as opposed to everything).</summary>
    public bool HasChildren => _children.Count > 0;

    /// <summary>Applies the picker to a JSON value, returning the picked copy.</summary>
    /// <param name="node">The value.</param>
    public JsonNode? Apply(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
            {
                var result = new JsonObject();
                foreach (var (key, value) in o)
                {
                    var child = Child(key);
                    if (child is not null)
                    {
                        result[key] = child.Apply(value?.DeepClone());
                    }
                }

                return result;
            }

            case JsonArray a when HasChildren:
                return new JsonArray([.. a.Select(item => Apply(item?.DeepClone()))]);
            case JsonValue v when ExcerptMax > 0 && v.TryGetValue<string>(out var s):
                return JsonValue.Create(Excerpt.Make(s, ExcerptMax, ExcerptEllipsis));
            default:
                return node?.DeepClone();
        }
    }

    private void ApplyModifier(string modifier)
    {
        var m = modifier.Trim();
        if (!m.StartsWith("excerpt(", StringComparison.Ordinal) || !m.EndsWith(')'))
        {
            throw StrataException.BadRequest("Invalid fields modifier.");
        }

        var args = m["excerpt(".Length..^1].Split(',');
        if (args.Length is < 1 or > 2 ||
            !int.TryParse(args[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) || max <= 0)
        {
            throw StrataException.BadRequest("Invalid excerpt modifier arguments.");
        }

        ExcerptMax = max;
        if (args.Length == 2)
        {
            var e = args[1].Trim();
            ExcerptEllipsis = e is "1" or "t" or "true" or "TRUE" or "True"
                ? true
                : e is "0" or "f" or "false" or "FALSE" or "False" ? false
                : throw StrataException.BadRequest("Invalid excerpt modifier arguments.");
        }
    }

    private static IEnumerable<string> SplitTopLevel(string s)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            switch (s[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ',' when depth == 0:
                    yield return s[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return s[start..];
    }
}
