namespace Strata.Core.Schema;

/// <summary>An email template of an auth collection.</summary>
public sealed class EmailTemplate
{
    /// <summary>The subject line.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The HTML body, with placeholders such as <c>{TOKEN}</c>.</summary>
    public string Body { get; set; } = "";

    /// <summary>A copy.</summary>
    public EmailTemplate Clone() => new() { Subject = Subject, Body = Body };
}
