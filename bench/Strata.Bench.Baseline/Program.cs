using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Bench.Baseline;

// strata-baseline --http 127.0.0.1:PORT (--sqlite FILE [--synchronous NORMAL] | --pg "Npgsql connection string")
// Serves only what the load scenarios ask for, on the same routes and with the same SQL and JSON as Strata.
var options = BaselineOptions.Parse(args);
await using IPostStore store = options.Pg is { } pg ? new PgPostStore(pg) : new SqlitePostStore(options.Sqlite!, options.Synchronous);
// Same host settings as strata: no recursive config-reload watcher on the working directory.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
builder.Logging.SetMinimumLevel(LogLevel.Error);
builder.WebHost.UseUrls(options.Url);
var app = builder.Build();
var (postsId, authorsId, secret) = await store.ReadSchemaAsync();
var endpoints = new PostsEndpoints(store, new TokenCheck(store, secret), new PostJson(postsId, authorsId));
endpoints.Map(app);
Console.WriteLine($"baseline listening on {options.Url} ({(options.Pg is null ? "sqlite" : "postgres")})");
await app.RunAsync();
