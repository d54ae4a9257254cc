namespace Strata.Core.Migrations;

/// <summary>A code migration from two delegates.</summary>
public sealed class CodeMigration : ICodeMigration
{
    private readonly Func<MigrationContext, CancellationToken, Task> _up;
    private readonly Func<MigrationContext, CancellationToken, Task> _down;

    /// <summary>Creates the migration.</summary>
    /// <param name="name">Its unique, sortable name.</param>
    /// <param name="up">Applies it.</param>
    /// <param name="down">Reverts it.</param>
    public CodeMigration(string name, Func<MigrationContext, CancellationToken, Task> up, Func<MigrationContext, CancellationToken, Task> down)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(up);
        ArgumentNullException.ThrowIfNull(down);
        Name = name;
        _up = up;
        _down = down;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Task UpAsync(MigrationContext context, CancellationToken cancellationToken) => _up(context, cancellationToken);

    /// <inheritdoc />
    public Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => _down(context, cancellationToken);
}
