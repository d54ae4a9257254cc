using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Errors;
using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>email</c> field type.</summary>
public sealed partial class EmailField : Field
{
    /// <inheritdoc />
    public override string Type => "email";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Domains that are refused.</summary>
    public IList<string> ExceptDomains { get; set; } = [];

    /// <summary>When non-empty, the only accepted domains.</summary>
    public IList<string> OnlyDomains { get; set; } = [];

    /// <summary>Whether <paramref name="email"/> looks like an address (local part, <c>@</c>, a dotted or single-label host).</summary>
    /// <param name="email">The text.</param>
    public static bool IsValidEmail(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Length <= 254 && EmailPattern().IsMatch(email);
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

        if (!IsValidEmail(s))
        {
            return new FieldError("validation_is_email", "Must be a valid email address.");
        }

        var domain = s[(s.LastIndexOf('@') + 1)..];
        if (!DomainLists.IsAllowed(domain, ExceptDomains, OnlyDomains))
        {
            return new FieldError("validation_email_domain_not_allowed", "Email domain is not allowed.");
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

    [GeneratedRegex(@"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex EmailPattern();
}
