namespace Strata.Core.Schema;

/// <summary>The <c>exceptDomains</c>/<c>onlyDomains</c> checks shared by email and url fields.</summary>
internal static class DomainLists
{
    public static bool IsAllowed(string host, IList<string> except, IList<string> only)
    {
        if (only.Count > 0)
        {
            return only.Any(d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase));
        }

        return !except.Any(d => string.Equals(d, host, StringComparison.OrdinalIgnoreCase));
    }

    public static void ValidateOptions(FieldOptionsContext ctx, IList<string> except, IList<string> only)
    {
        if (except.Count > 0 && only.Count > 0)
        {
            ctx.Error("exceptDomains", "validation_empty", "Either exceptDomains or onlyDomains can be set, not both.");
        }

        for (var i = 0; i < except.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(except[i]))
            {
                ctx.Error("exceptDomains." + i, "validation_required", "Cannot be blank.");
            }
        }

        for (var i = 0; i < only.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(only[i]))
            {
                ctx.Error("onlyDomains." + i, "validation_required", "Cannot be blank.");
            }
        }
    }
}
