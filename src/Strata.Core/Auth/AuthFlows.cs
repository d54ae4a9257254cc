using System.Collections.Concurrent;
using System.Net.Mail;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Mail;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

/// <summary>
/// The mail-driven and multi-step auth flows of contract §4.4–4.9: verification, password reset, email change, OTP and
/// MFA. Requests that take an email answer the same whether or not it exists; mails go out in the background.
/// </summary>
public sealed partial class AuthFlows
{
    private const string InvalidData = "An error occurred while validating the submitted data.";
    private static readonly TimeSpan ResendThrottle = TimeSpan.FromMinutes(2);
    private static readonly Lazy<RequestInfo> SystemRequest = new(() => new RequestInfo { Auth = new Record(CollectionDefaults.Superusers()) });
    private readonly RecordService _records;
    private readonly TokenService _tokens;
    private readonly Mailer _mailer;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSent = new(StringComparer.Ordinal);

    /// <summary>Creates the flows.</summary>
    /// <param name="records">The records service.</param>
    /// <param name="tokens">The token service.</param>
    /// <param name="mailer">The mailer.</param>
    /// <param name="clock">The clock for expiry and throttles.</param>
    public AuthFlows(RecordService records, TokenService tokens, Mailer mailer, TimeProvider clock)
    {
        _records = records;
        _tokens = tokens;
        _mailer = mailer;
        _clock = clock;
    }

    /// <summary>A request with superuser rights, for the writes these flows make on a record's behalf.</summary>
    internal static RequestInfo System => SystemRequest.Value;

    /// <summary>Finds the record of an auth collection with this email (case-insensitive), or null.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="email">The email.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    public Task<Record?> FindByEmailAsync(Collection collection, string email, CancellationToken cancellationToken = default) =>
        _records.FindFirstAsync(collection, "email:lower = @request.query.email:lower",
            new RequestInfo { Query = new Dictionary<string, string> { ["email"] = email } }, cancellationToken);

    /// <summary>Checks a submitted email: present and well-formed, else 400 with <c>data.&lt;field&gt;</c>.</summary>
    /// <param name="value">The submitted value.</param>
    /// <param name="field">The body key, for the error.</param>
    public static string RequireEmail(string value, string field = "email")
    {
        var errors = new ValidationErrors();
        value = (value ?? "").Trim();
        if (value.Length == 0)
        {
            errors.Add(field, FieldError.Required());
        }
        else if (value.Length > 255 || !MailAddress.TryCreate(value, out var parsed) || parsed.Address != value || !value.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(field, new FieldError("validation_is_email", "Must be a valid email address."));
        }

        errors.ThrowIfAny(InvalidData);
        return value;
    }

    /// <summary>400 with <c>data.token</c> <c>validation_invalid_token</c>.</summary>
    internal static StrataException InvalidToken() =>
        StrataException.BadRequest(InvalidData, new JsonObject
        {
            ["token"] = new JsonObject { ["code"] = "validation_invalid_token", ["message"] = "Invalid or expired token." },
        });

    /// <summary>
    /// Resolves an action token of <paramref name="type"/> issued for a record of <paramref name="collection"/>:
    /// the record and the token's claims, or 400 <c>data.token</c>.
    /// </summary>
    private async Task<(Record Record, IReadOnlyDictionary<string, string> Claims)> ResolveTokenAsync(
        Collection collection, string token, string type, Func<AuthOptions, TokenConfig> kind, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token))
        {
            var errors = new ValidationErrors();
            errors.Add("token", FieldError.Required());
            errors.ThrowIfAny(InvalidData);
        }

        if (TokenService.ReadUnverified(token) is not { } unverified || unverified.Type != type || unverified.CollectionId != collection.Id)
        {
            throw InvalidToken();
        }

        var record = await _records.FindAsync(collection, unverified.Id, cancellationToken) ?? throw InvalidToken();
        var claims = await _tokens.ValidateActionTokenAsync(token, type, record, kind(collection.Auth!).Secret) ?? throw InvalidToken();
        return (record, claims);
    }

    /// <summary>Sends a template mail in the background, at most once per <see cref="ResendThrottle"/> per record and kind.</summary>
    private void SendThrottled(string kind, Record record, string to, EmailTemplate template, params (string, string)[] values)
    {
        var key = kind + ":" + record.Collection.Id + ":" + record.Id;
        var now = _clock.GetUtcNow();
        if (_lastSent.TryGetValue(key, out var last) && now - last < ResendThrottle)
        {
            return;
        }

        _lastSent[key] = now;
        Send(record, to, template, values);
    }

    private void Send(Record record, string to, EmailTemplate template, params (string, string)[] values)
    {
        var (subject, body) = MailTemplate.Render(template, _mailer.Settings, record, values);
        _mailer.SendInBackground(to, subject, body);
    }

    private static async Task SimilarTime() =>
        // Unknown emails do the same slow work as known ones: hash something at the default cost.
        await Task.Run(() => PasswordHasher.Verify(PasswordHasher.DummyHash, "timing"));
}
