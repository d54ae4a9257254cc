namespace Strata.Core.Migrations;

/// <summary>One migration file and whether it has been applied.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Applied">When it was applied (canonical datetime), or null when pending.</param>
public sealed record MigrationStatus(string Name, string? Applied);
