using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>url</c> field type.</summary>
public sealed class UrlField : Field
{
    /// <inheritdoc />
    public override string Type => "url";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Hosts that are refused.</summary>
    public IList<string> ExceptDomains { get; set; } = [];

    /// <summary>When non-empty, the only accepted hosts.</summary>
    public IList<string> OnlyDomains { get; set; } = [];

    /// <summary>
    /// The host of an absolute URL (any scheme with <c>://</c>, or a bare host such as <c>example.com/x</c>), or null
    /// when <paramref name="text"/> is not a URL.
    /// </summary>
    /// <param name="text">The text.</param>
    public static string? HostOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.Length > 2048 || text.Any(char.IsWhiteSpace))
        {
            return null;
        }

        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(candidate, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            return null;
        }

        var host = uri.Host;
        var isIp = uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
        if (!isIp && !host.Contains('.', StringComparison.Ordinal) && !string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return host;
    }

    /// <inheritdoc />
    private protected override object? NormalizeValue(JsonNode? input) => ValueCast.ToText(input);

    /// <inheritdoc />
    private protected override FieldError? ValidateValue(object? value)
    {
        var s = value as string ?? "";
        if (s.Length == 0)
        {
            return Required ? FieldError.Required() : null;
        }

        var host = HostOf(s);
        if (host is null)
        {
            return new FieldError("validation_invalid_url", "Must be a valid url.");
        }

        if (!DomainLists.IsAllowed(host, ExceptDomains, OnlyDomains))
        {
            return new FieldError("validation_url_domain_not_allowed", "Url domain is not allowed.");
        }

        return null;
    }

    internal override void WriteOptions(Utf8JsonWriter writer)
    {
        WriteStrings(writer, "exceptDomains", ExceptDomains);
        WriteStrings(writer, "onlyDomains", OnlyDomains);
    }

    internal override void ReadOptions(JsonOptionReader r)
    {
        ExceptDomains = r.StringList("exceptDomains") ?? ExceptDomains;
        OnlyDomains = r.StringList("onlyDomains") ?? OnlyDomains;
    }

    internal override void ValidateOptions(FieldOptionsContext ctx) => DomainLists.ValidateOptions(ctx, ExceptDomains, OnlyDomains);

    internal override void CopyListsAfterClone()
    {
        ExceptDomains = [.. ExceptDomains];
        OnlyDomains = [.. OnlyDomains];
    }
}
