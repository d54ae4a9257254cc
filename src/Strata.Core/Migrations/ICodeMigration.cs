namespace Strata.Core.Migrations;

/// <summary>
/// A schema or data migration written in C# by an app. Code migrations run with <c>strata migrate up</c> and at start,
/// in name order together with migration files, and are recorded like them.
/// </summary>
public interface ICodeMigration
{
    /// <summary>A unique name that sorts where the migration belongs, e.g. <c>1732200000_create_posts</c>.</summary>
    string Name { get; }

    /// <summary>Applies the migration.</summary>
    /// <param name="context">Schema and record access.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    Task UpAsync(MigrationContext context, CancellationToken cancellationToken);

    /// <summary>Reverts the migration.</summary>
    /// <param name="context">Schema and record access.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    Task DownAsync(MigrationContext context, CancellationToken cancellationToken);
}
