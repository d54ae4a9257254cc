using Microsoft.Extensions.DependencyInjection;
using Strata;

namespace Hello;

/// <summary>
/// Everything the Hello app adds to Strata, in one place so that Program.cs and the tests configure the same app.
/// </summary>
public static class HelloApp
{
    /// <summary>Registers the app's schema, hooks, jobs, cron, routes and services.</summary>
    /// <param name="app">The Strata app.</param>
    /// <param name="options">The app's settings.</param>
    public static void Configure(StrataApp app, HelloOptions options)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(options);
        var greeter = new Greeter(options.Salutation);

        // Dependency injection, the .NET way: routes and hosted services receive these.
        app.ConfigureServices(s => s
            .AddSingleton(greeter)
            .AddSingleton(options)
            .AddHostedService<WebhookSubscription>());

        // Collections in code: run at start (`serve`) and by `migrate up`.
        app.Migrations.Add(HelloSchema.Migration);

        MessageHooks.Register(app.Hooks);

        // A job queue of its own, one job at a time, and the handler of the job the after-commit hook enqueues.
        app.Jobs.Queue(GreetJob.Queue, concurrency: 1).Handle(GreetJob.Name, new GreetJob(greeter).RunAsync);

        // Every hour, on one node, a digest of the guestbook.
        app.Jobs.Cron(DigestCron.Id, DigestCron.Schedule, DigestCron.RunAsync);

        app.MapRoutes(HelloRoutes.Map);
    }
}
