using System.Data.Common;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Hooks;
using Strata.Core.Jobs;
using Strata.Core.Records;
using Strata.Core.Schema;
using Strata.Core.Storage;
using Strata.Filter.Sql;

namespace Strata.Core.Webhooks;

/// <summary>
/// Outgoing webhooks: subscriptions stored in the database, an event per committed record change turned into one job
/// per matching subscription (so deliveries survive restarts and retry with backoff), signed POSTs, and a delivery log.
/// </summary>
public sealed class WebhookService
{
    /// <summary>The job name of a delivery.</summary>
    public const string JobName = "strata:webhook";

    /// <summary>The queue deliveries run on.</summary>
    public const string Queue = "webhooks";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private static readonly string[] AllActions = ["create", "update", "delete"];
    private readonly IDatabase _db;
    private readonly JobQueue _jobs;
    private readonly TimeProvider _clock;
    private (DateTimeOffset At, IReadOnlyList<Webhook> List)? _cache;

    /// <summary>Creates the service.</summary>
    /// <param name="db">The database.</param>
    /// <param name="jobs">The job queue.</param>
    /// <param name="clock">The clock.</param>
    public WebhookService(IDatabase db, JobQueue jobs, TimeProvider clock)
    {
        _db = db;
        _jobs = jobs;
        _clock = clock;
    }

    /// <summary>Creates a subscription; its secret is generated and returned once in the result.</summary>
    /// <param name="collection">A collection name or id, or <c>*</c>.</param>
    /// <param name="url">An absolute http(s) URL.</param>
    /// <param name="actions">Actions to deliver (default all).</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<Webhook> CreateAsync(string collection, string url, IReadOnlyList<string>? actions, CancellationToken cancellationToken = default)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(collection))
        {
            errors.Add("collection", FieldError.Required());
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add("url", new FieldError("validation_invalid_url", "Must be an absolute http or https URL."));
        }

        actions = actions is { Count: > 0 } ? actions : AllActions;
        if (actions.Any(a => !AllActions.Contains(a)))
        {
            errors.Add("actions", new FieldError("validation_in_invalid", "Actions are create, update and delete."));
        }

        errors.ThrowIfAny("Failed to create the webhook.");
        var now = DateTimeText.Format(_clock.GetUtcNow());
        var hook = new Webhook
        {
            Id = RandomId.New(), Collection = collection, Actions = [.. actions.Distinct()], Url = url, Secret = RandomId.Secret(40),
            Created = now, Updated = now,
        };
        var p = new SqlParameters();
        await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx,
            $"INSERT INTO {SystemTables.Webhooks} (id, collection, actions, url, secret, enabled, created, updated) VALUES ({p.Add(hook.Id)}, {p.Add(hook.Collection)}, {p.Add(JsonSerializer.Serialize(hook.Actions))}, {p.Add(hook.Url)}, {p.Add(hook.Secret)}, {p.Add(true)}, {p.Add(now)}, {p.Add(now)})",
            p, cancellationToken), cancellationToken);
        _cache = null;
        return hook;
    }

    /// <summary>All subscriptions.</summary>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<IReadOnlyList<Webhook>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, $"SELECT id, collection, actions, url, secret, enabled, created, updated FROM {SystemTables.Webhooks} ORDER BY created, id");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<Webhook>();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new Webhook
            {
                Id = r.GetString(0), Collection = r.GetString(1), Actions = JsonSerializer.Deserialize<string[]>(r.GetString(2)) ?? [],
                Url = r.GetString(3), Secret = r.GetString(4), Enabled = Convert.ToBoolean(r.GetValue(5), CultureInfo.InvariantCulture),
                Created = r.GetString(6), Updated = r.GetString(7),
            });
        }

        return list;
    }

    /// <summary>Deletes a subscription (404 when missing).</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        var n = await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx, $"DELETE FROM {SystemTables.Webhooks} WHERE id = {p.Add(id)}", p, cancellationToken), cancellationToken);
        _cache = null;
        if (n == 0)
        {
            throw StrataException.NotFound();
        }
    }

    /// <summary>The delivery log of a subscription, newest first.</summary>
    /// <param name="id">The subscription.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task<JsonArray> DeliveriesAsync(string id, CancellationToken cancellationToken = default)
    {
        var p = new SqlParameters();
        await using var conn = await _db.OpenReadAsync(cancellationToken);
        await using var cmd = SqlText.Command(conn, $"SELECT id, event, attempt, status, error, created FROM {SystemTables.WebhookDeliveries} WHERE webhook = {p.Add(id)} ORDER BY created DESC, id LIMIT 200", p);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new JsonArray();
        while (await r.ReadAsync(cancellationToken))
        {
            list.Add(new JsonObject
            {
                ["id"] = r.GetString(0), ["event"] = r.GetString(1), ["attempt"] = Convert.ToInt32(r.GetValue(2), CultureInfo.InvariantCulture),
                ["status"] = Convert.ToInt32(r.GetValue(3), CultureInfo.InvariantCulture), ["error"] = r.GetString(4), ["created"] = r.GetString(5),
            });
        }

        return list;
    }

    /// <summary>Turns a committed change into one delivery job per matching subscription.</summary>
    /// <param name="change">The change.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task OnCommittedAsync(RecordChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var action = change.Action.ToString().ToLowerInvariant();
        var collection = change.Record.Collection;
        var hooks = (await CachedAsync(cancellationToken)).Where(h => h.Enabled && h.Actions.Contains(action) &&
            (h.Collection == "*" || string.Equals(h.Collection, collection.Name, StringComparison.OrdinalIgnoreCase) || h.Collection == collection.Id)).ToList();
        if (hooks.Count == 0)
        {
            return;
        }

        // The body is fixed at enqueue time, so every retry sends the same bytes.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, StrataJson.WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("id", RandomId.New());
            w.WriteString("action", action);
            w.WriteString("collection", collection.Name);
            w.WriteString("created", DateTimeText.Format(_clock.GetUtcNow()));
            w.WritePropertyName("record");
            RecordJsonWriter.Write(w, change.Record, new RecordView(new RequestInfo { Auth = new Record(CollectionDefaults.Superusers()) }), null);
            w.WriteEndObject();
        }

        var body = Encoding.UTF8.GetString(buffer.WrittenSpan);
        foreach (var hook in hooks)
        {
            await _jobs.EnqueueAsync(JobName, new JsonObject { ["webhook"] = hook.Id, ["event"] = action, ["body"] = body },
                new JobOptions { Queue = Queue, MaxAttempts = 8 }, cancellationToken);
        }
    }

    /// <summary>The job handler: POSTs one event, logs the attempt, and throws on failure so the queue retries.</summary>
    /// <param name="context">The job.</param>
    /// <param name="cancellationToken">Cancels it.</param>
    public async Task DeliverAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var payload = context.Job.Payload!;
        var id = payload["webhook"]!.GetValue<string>();
        var hook = (await ListAsync(cancellationToken)).FirstOrDefault(h => h.Id == id);
        if (hook is null || !hook.Enabled)
        {
            return;
        }

        var body = Encoding.UTF8.GetBytes(payload["body"]!.GetValue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, _clock.GetUtcNow().ToUnixTimeSeconds(), body));
        request.Headers.TryAddWithoutValidation("X-Strata-Event", payload["event"]?.GetValue<string>() ?? "");
        request.Headers.TryAddWithoutValidation("X-Strata-Delivery", context.Job.Id);
        int status = 0;
        string error = "";
        try
        {
            using var response = await Http.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                error = $"The receiver answered {status}.";
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            error = e.Message;
        }

        await LogAsync(hook.Id, payload["event"]?.GetValue<string>() ?? "", context.Job.Attempts, status, error, cancellationToken);
        if (error.Length > 0)
        {
            throw new HttpRequestException(error);
        }
    }

    private async Task LogAsync(string webhook, string ev, int attempt, int status, string error, CancellationToken cancellationToken)
    {
        var p = new SqlParameters();
        await _db.WriteAsync(tx => SqlText.ExecuteAsync(tx,
            $"INSERT INTO {SystemTables.WebhookDeliveries} (id, webhook, event, attempt, status, error, created) VALUES ({p.Add(RandomId.New())}, {p.Add(webhook)}, {p.Add(ev)}, {p.Add((long)attempt)}, {p.Add((long)status)}, {p.Add(error)}, {p.Add(DateTimeText.Format(_clock.GetUtcNow()))})",
            p, cancellationToken), cancellationToken);
    }

    private async Task<IReadOnlyList<Webhook>> CachedAsync(CancellationToken cancellationToken)
    {
        // A short cache keeps one read per write away; other nodes see a new subscription within seconds.
        var now = _clock.GetUtcNow();
        if (_cache is { } c && now - c.At < TimeSpan.FromSeconds(5))
        {
            return c.List;
        }

        var list = await ListAsync(cancellationToken);
        _cache = (now, list);
        return list;
    }
}
