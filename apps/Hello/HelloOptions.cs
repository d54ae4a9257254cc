namespace Hello;

/// <summary>Settings of the Hello app (Program.cs reads them from the environment; tests set them directly).</summary>
public sealed record HelloOptions
{
    /// <summary>Where new messages are announced as signed webhooks, or null for none.</summary>
    public string? WebhookUrl { get; init; }

    /// <summary>How greetings begin.</summary>
    public string Salutation { get; init; } = "Hello";
}
