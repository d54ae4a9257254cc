using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

public sealed partial class AuthFlows
{
    /// <summary>Contract §4.4: mails a verification token to an unverified record; silent for unknown or verified ones.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="email">The submitted email.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task RequestVerificationAsync(Collection collection, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (collection.Name == RequestInfo.SuperusersCollection)
        {
            throw StrataException.BadRequest("All superusers are verified by default.");
        }

        email = RequireEmail(email);
        var record = await FindByEmailAsync(collection, email, cancellationToken);
        if (record is null || record.Get("verified") is true)
        {
            await SimilarTime();
            return;
        }

        var address = record.GetString("email");
        var token = _tokens.CreateActionToken(record, "verification", collection.Auth!.VerificationToken, [("email", address)]);
        SendThrottled("verification", record, address, collection.Auth.VerificationTemplate, ("TOKEN", token));
    }

    /// <summary>Contract §4.4: marks the record verified when the token is valid and still names its current email.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="token">The verification token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task ConfirmVerificationAsync(Collection collection, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var (record, claims) = await ResolveTokenAsync(collection, token, "verification", a => a.VerificationToken, cancellationToken);
        if (!claims.TryGetValue("email", out var email) || !string.Equals(email, record.GetString("email"), StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidToken();
        }

        if (record.Get("verified") is not true)
        {
            await _records.UpdateAsync(collection, record.Id, new JsonObject { ["verified"] = true }, System, cancellationToken);
        }
    }

    /// <summary>Contract §4.5: mails a password-reset token; silent for unknown emails.</summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="email">The submitted email.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task RequestPasswordResetAsync(Collection collection, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (!collection.Auth!.PasswordAuthEnabled)
        {
            throw StrataException.BadRequest("The collection is not configured to allow password authentication.");
        }

        email = RequireEmail(email);
        var record = await FindByEmailAsync(collection, email, cancellationToken);
        if (record is null)
        {
            await SimilarTime();
            return;
        }

        var address = record.GetString("email");
        var token = _tokens.CreateActionToken(record, "passwordReset", collection.Auth.PasswordResetToken, [("email", address)]);
        SendThrottled("passwordReset", record, address, collection.Auth.ResetPasswordTemplate, ("TOKEN", token));
    }

    /// <summary>
    /// Contract §4.5: sets a new password, which rotates tokenKey (every older token of the record stops working), and
    /// marks the record verified when the token went to its current email.
    /// </summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="token">The password-reset token.</param>
    /// <param name="password">The new password.</param>
    /// <param name="passwordConfirm">The new password again.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task ConfirmPasswordResetAsync(Collection collection, string token, string password, string passwordConfirm, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        CheckNewPassword(collection, password, passwordConfirm);
        var (record, claims) = await ResolveTokenAsync(collection, token, "passwordReset", a => a.PasswordResetToken, cancellationToken);
        var body = new JsonObject { ["password"] = password, ["passwordConfirm"] = passwordConfirm };
        if (claims.TryGetValue("email", out var email) && string.Equals(email, record.GetString("email"), StringComparison.OrdinalIgnoreCase))
        {
            body["verified"] = true;
        }
        else if (claims.ContainsKey("email"))
        {
            // The email changed since the mail went out: the token no longer proves anything.
            throw InvalidToken();
        }

        await _records.UpdateAsync(collection, record.Id, body, System, cancellationToken);
    }

    /// <summary>Contract §4.6: mails an email-change token to the new address of the signed-in record.</summary>
    /// <param name="record">The signed-in auth record.</param>
    /// <param name="newEmail">The new address.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task RequestEmailChangeAsync(Record record, string newEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var collection = record.Collection;
        if (collection.Name == RequestInfo.SuperusersCollection)
        {
            throw StrataException.BadRequest("Superusers change their email through the records API.");
        }

        newEmail = RequireEmail(newEmail, "newEmail");
        await CheckEmailFreeAsync(collection, record, newEmail, "newEmail", cancellationToken);
        var token = _tokens.CreateActionToken(record, "emailChange", collection.Auth!.EmailChangeToken,
            [("email", record.GetString("email")), ("newEmail", newEmail)]);
        Send(record, newEmail, collection.Auth.ConfirmEmailChangeTemplate, ("TOKEN", token));
    }

    /// <summary>
    /// Contract §4.6: with a valid token and the record's current password, sets the new email, marks it verified and
    /// rotates tokenKey.
    /// </summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="token">The email-change token.</param>
    /// <param name="password">The record's current password.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task ConfirmEmailChangeAsync(Collection collection, string token, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (string.IsNullOrEmpty(password))
        {
            var required = new ValidationErrors();
            required.Add("password", FieldError.Required());
            required.ThrowIfAny(InvalidData);
        }

        var (record, claims) = await ResolveTokenAsync(collection, token, "emailChange", a => a.EmailChangeToken, cancellationToken);
        if (!claims.TryGetValue("newEmail", out var newEmail) || newEmail.Length == 0 ||
            !claims.TryGetValue("email", out var oldEmail) || !string.Equals(oldEmail, record.GetString("email"), StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidToken();
        }

        if (!PasswordHasher.Verify(record.GetString("password"), password))
        {
            var errors = new ValidationErrors();
            errors.Add("password", new FieldError("validation_invalid_password", "Missing or invalid auth record password."));
            errors.ThrowIfAny(InvalidData);
        }

        await CheckEmailFreeAsync(collection, record, newEmail, "newEmail", cancellationToken);
        await _records.UpdateAsync(collection, record.Id, new JsonObject { ["email"] = newEmail, ["verified"] = true }, System, cancellationToken);
    }

    private async Task CheckEmailFreeAsync(Collection collection, Record record, string email, string field, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        if (string.Equals(email, record.GetString("email"), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(field, new FieldError("validation_email_same", "The new email must differ from the current one."));
        }
        else if (await FindByEmailAsync(collection, email, cancellationToken) is not null)
        {
            errors.Add(field, new FieldError("validation_email_taken", "The email is invalid or already in use."));
        }

        errors.ThrowIfAny(InvalidData);
    }

    private static void CheckNewPassword(Collection collection, string password, string confirm)
    {
        var errors = new ValidationErrors();
        var field = collection.Fields.OfType<PasswordField>().FirstOrDefault();
        var min = field?.Min > 0 ? field.Min : 8;
        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", FieldError.Required());
        }
        else if (password.Length < min)
        {
            errors.Add("password", new FieldError("validation_min_text_constraint", $"Must be at least {min} character(s).", new JsonObject { ["min"] = min }));
        }

        if (string.IsNullOrEmpty(confirm))
        {
            errors.Add("passwordConfirm", FieldError.Required());
        }
        else if (!string.Equals(password, confirm, StringComparison.Ordinal))
        {
            errors.Add("passwordConfirm", new FieldError("validation_values_mismatch", "Values don't match."));
        }

        errors.ThrowIfAny(InvalidData);
    }
}
