using System.Text.Json.Nodes;

namespace Strata.Core.Errors;

/// <summary>
/// Collects field errors (possibly nested, e.g. <c>fields.2.name</c>) into the <c>data</c> object of an error body.
/// </summary>
public sealed class ValidationErrors
{
    /// <summary>The collected tree.</summary>
    public JsonObject Data { get; } = [];

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => Data.Count == 0;

    /// <summary>Adds an error at a dotted path; the first error at a path wins.</summary>
    /// <param name="path">A field name or dotted path such as <c>fields.0.name</c>.</param>
    /// <param name="error">The error.</param>
    public void Add(string path, FieldError error)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(error);
        var parts = path.Split('.');
        var node = Data;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child || child.ContainsKey("code"))
            {
                if (node[parts[i]] is JsonObject existing && existing.ContainsKey("code"))
                {
                    return;
                }

                child = [];
                node[parts[i]] = child;
            }

            node = child;
        }

        node.TryAdd(parts[^1], error.ToJson());
    }

    /// <summary>Throws a 400 <see cref="StrataException"/> with <paramref name="message"/> if any error was added.</summary>
    /// <param name="message">The error body's message.</param>
    public void ThrowIfAny(string message)
    {
        if (!IsEmpty)
        {
            throw new StrataException(400, message, Data);
        }
    }
}
