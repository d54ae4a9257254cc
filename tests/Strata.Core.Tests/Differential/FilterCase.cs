using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Strata.Core.Tests.Differential;

/// <summary>
/// One line of a case file: <c>collection | context | filter | expected</c>. The context is <c>-</c> or
/// space-separated <c>auth=u1</c>, <c>body={json}</c>, <c>query.k=v</c>, <c>header.k=v</c>, <c>method=POST</c>,
/// <c>context=realtime</c>. The expected ids are short names (<c>p1 p3</c>), <c>-</c> for none (<c>auth=guest</c> is a rule run without auth), <c>!</c> for an
/// invalid filter, or <c>*</c> when only the agreement of the three runs is checked.
/// </summary>
public sealed partial record FilterCase(string Source, string Collection, string? Auth, Dictionary<string, string> Context, JsonObject? Body, string Filter, string Expected)
{
    public static FilterCase Parse(string source, string line)
    {
        line = ShortId().Replace(line, m => DifferentialFixture.Id(m.Groups[1].Value));
        var parts = line.Split(" | ");
        if (parts.Length != 4)
        {
            throw new FormatException($"{source}: expected 'collection | context | filter | expected'.");
        }

        string? auth = null;
        JsonObject? body = null;
        var context = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in parts[1].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t != "-"))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = (token[..eq], token[(eq + 1)..]);
            if (key == "auth")
            {
                auth = value;
            }
            else if (key == "body")
            {
                body = JsonNode.Parse(value)!.AsObject();
            }
            else
            {
                context[key] = value;
            }
        }

        return new FilterCase(source, parts[0].Trim(), auth, context, body, parts[2].Trim(), parts[3].Trim());
    }

    public override string ToString() => Source;

    /// <summary><c>{p1}</c> stands for the full id of p1.</summary>
    [GeneratedRegex(@"\{([a-z][0-9])\}")]
    private static partial Regex ShortId();
}
