// Hello: a guestbook on Strata. `dotnet run --project apps/Hello -- serve` (see README.md).
using Hello;
using Strata;

var app = StrataApp.Create(args);
HelloApp.Configure(app, new HelloOptions { WebhookUrl = Environment.GetEnvironmentVariable("HELLO_WEBHOOK_URL") });
return await app.RunAsync();
