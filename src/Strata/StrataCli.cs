using System.CommandLine;
using Strata.Core.Errors;

namespace Strata;

/// <summary>The <c>strata</c> command line: <c>serve</c>, <c>superuser</c> and <c>migrate</c>, each with <c>--help</c>.</summary>
public static class StrataCli
{
    private static readonly Option<string?> ConfigOption = new("--config") { Description = "A JSON config file (default: ./strata.json when present)." };
    private static readonly Option<string?> DirOption = new("--dir") { Description = "The data directory for SQLite, migrations and files [env STRATA_DIR, default ./strata_data]." };
    private static readonly Option<string?> DbOption = new("--db") { Description = "Use PostgreSQL: an Npgsql connection string or postgres://user:pass@host:port/db [env STRATA_DB]." };
    private static readonly Option<string?> MigrationsOption = new("--migrations-dir") { Description = "Where schema migration files are written and read [env STRATA_MIGRATIONS_DIR, default DIR/strata_migrations]." };

    /// <summary>Builds the root command.</summary>
    /// <param name="app">The app whose hooks, services and routes the commands use, or null.</param>
    public static RootCommand Build(StrataApp? app = null)
    {
        var root = new RootCommand("""
            Strata: a backend in one program - database, REST API (PocketBase SDK compatible), rules and auth.

            Start it with `strata serve`, create an admin with `strata superuser upsert EMAIL PASSWORD`,
            then use the API at http://127.0.0.1:8090/api/ (see docs/ for more).
            """);
        root.Subcommands.Add(Serve(app));
        root.Subcommands.Add(Superuser(app));
        root.Subcommands.Add(Migrate(app));
        return root;
    }

    private static Command Serve(StrataApp? app)
    {
        var http = new Option<string?>("--http") { Description = "The address to listen on, e.g. 127.0.0.1:8090 or 0.0.0.0:80 [env STRATA_HTTP]." };
        var logFormat = new Option<string?>("--log-format") { Description = "text (default) or json [env STRATA_LOG_FORMAT]." };
        var cmd = new Command("serve", """
            Start the web server.

            Data lives in SQLite under --dir unless --db points at PostgreSQL. Pending migration files are applied first.
            Set STRATA_SUPERUSER_EMAIL and STRATA_SUPERUSER_PASSWORD to create or update a superuser at start (containers).
            Example: strata serve --http 0.0.0.0:8090 --db "postgres://strata:secret@db:5432/strata"
            """);
        AddCommon(cmd);
        cmd.Options.Add(http);
        cmd.Options.Add(logFormat);
        cmd.SetAction((result, ct) => Guard(() => StrataServer.RunAsync(Options(result, http, logFormat), app, ct)));
        return cmd;
    }

    private static Command Superuser(StrataApp? app)
    {
        var email = new Argument<string>("email") { Description = "The superuser's email." };
        var password = new Argument<string>("password") { Description = "The password (at least 8 characters)." };
        var upsert = new Command("upsert", "Create a superuser, or set the password of the one with this email.\nExample: strata superuser upsert admin@example.com 'a-long-password'");
        upsert.Arguments.Add(email);
        upsert.Arguments.Add(password);
        AddCommon(upsert);
        upsert.SetAction((result, ct) => Guard(async () =>
        {
            await using var engine = await StrataDatabaseFactory.OpenAsync(Options(result), cancellationToken: ct, app: app);
            var created = await SuperuserCommands.UpsertAsync(engine, result.GetValue(email)!, result.GetValue(password)!, ct);
            Console.WriteLine(created ? "Superuser created." : "Superuser updated.");
            return 0;
        }));
        var cmd = new Command("superuser", "Manage superusers (admins of the API and the console).");
        cmd.Subcommands.Add(upsert);
        return cmd;
    }

    private static Command Migrate(StrataApp? app)
    {
        var cmd = new Command("migrate", """
            Schema migrations. Every collection change made through the API is also written as a JSON file in the
            migrations directory; commit those files and `strata migrate up` (or `serve`) replays them elsewhere.
            """);
        var status = new Command("status", "List migration files and whether each is applied.");
        AddCommon(status);
        status.SetAction((result, ct) => Guard(async () =>
        {
            await using var engine = await StrataDatabaseFactory.OpenAsync(Options(result), applyMigrations: false, cancellationToken: ct, app: app);
            var list = await engine.Schema.MigrationStatusAsync(ct);
            foreach (var m in list)
            {
                Console.WriteLine($"{(m.Applied is null ? "pending" : "applied"),-8} {m.Name}{(m.Applied is null ? "" : "  (" + m.Applied + ")")}");
            }

            Console.WriteLine($"{list.Count(m => m.Applied is not null)} applied, {list.Count(m => m.Applied is null)} pending");
            return 0;
        }));
        var up = new Command("up", "Apply every pending migration file, in name order.");
        AddCommon(up);
        up.SetAction((result, ct) => Guard(async () =>
        {
            await using var engine = await StrataDatabaseFactory.OpenAsync(Options(result), applyMigrations: false, cancellationToken: ct, app: app);
            var pending = (await engine.Schema.MigrationStatusAsync(ct)).Count(m => m.Applied is null);
            var done = 0;
            var applied = await engine.Schema.MigrateUpAsync(new Progress<string>(name =>
                Console.Error.WriteLine($"[{++done}/{pending}] {name}")), ct);
            Console.WriteLine($"Applied {applied.Count} migration(s).");
            return 0;
        }));
        var count = new Argument<int>("count") { Description = "How many to revert (default 1).", DefaultValueFactory = _ => 1 };
        var down = new Command("down", "Revert the last applied migration file(s).");
        down.Arguments.Add(count);
        AddCommon(down);
        down.SetAction((result, ct) => Guard(async () =>
        {
            await using var engine = await StrataDatabaseFactory.OpenAsync(Options(result), applyMigrations: false, cancellationToken: ct, app: app);
            var reverted = await engine.Schema.MigrateDownAsync(Math.Max(1, result.GetValue(count)), ct);
            foreach (var name in reverted)
            {
                Console.WriteLine("reverted " + name);
            }

            Console.WriteLine($"Reverted {reverted.Count} migration(s).");
            return 0;
        }));
        cmd.Subcommands.Add(status);
        cmd.Subcommands.Add(up);
        cmd.Subcommands.Add(down);
        return cmd;
    }

    private static void AddCommon(Command cmd)
    {
        cmd.Options.Add(DirOption);
        cmd.Options.Add(DbOption);
        cmd.Options.Add(MigrationsOption);
        cmd.Options.Add(ConfigOption);
    }

    private static StrataOptions Options(ParseResult result, Option<string?>? http = null, Option<string?>? logFormat = null) =>
        StrataConfiguration.Resolve(result.GetValue(ConfigOption), new Dictionary<string, string?>
        {
            ["dir"] = result.GetValue(DirOption),
            ["db"] = result.GetValue(DbOption),
            ["migrationsDir"] = result.GetValue(MigrationsOption),
            ["http"] = http is null ? null : result.GetValue(http),
            ["logFormat"] = logFormat is null ? null : result.GetValue(logFormat),
        });

    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (StrataException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message} {e.ErrorData.ToJsonString()}");
            return 1;
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException or ArgumentException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }
}
