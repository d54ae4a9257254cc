using System.Text.Json.Nodes;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

/// <summary>What a field needs to check its options: where to report, its previous version and the schema.</summary>
internal sealed class FieldOptionsContext(string path, Field? old, Collection candidate, IReadOnlyCollection<Collection> all, ValidationErrors errors)
{
    public string Path { get; } = path;

    public Field? Old { get; } = old;

    public Collection Candidate { get; } = candidate;

    public IReadOnlyCollection<Collection> All { get; } = all;

    public void Error(string key, string code, string message) => errors.Add(Path + "." + key, new FieldError(code, message));

    public void Error(string key, string code, string message, string param, double value) =>
        errors.Add(Path + "." + key, new FieldError(code, message, new JsonObject { [param] = value }));

    /// <summary>Reports a pattern that .NET cannot compile.</summary>
    public void CheckRegex(string key, string pattern)
    {
        if (pattern.Length > 0 && Field.CompilePattern(pattern) is null)
        {
            Error(key, "validation_invalid_regex", "Invalid regular expression.");
        }
    }

    public void CheckNonNegative(string key, double value)
    {
        if (value < 0)
        {
            Error(key, "validation_min_greater_equal_than_required", "Must be no less than 0.", "min", 0);
        }
    }
}
