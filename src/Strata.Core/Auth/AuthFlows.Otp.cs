using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Strata.Core.Errors;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Core.Auth;

public sealed partial class AuthFlows
{
    private const string InvalidOtp = "Invalid or expired OTP.";
    private const int MaxOtpFailures = 5;
    private static readonly TimeSpan OtpFailureWindow = TimeSpan.FromSeconds(180);
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _otpFailures = new(StringComparer.Ordinal);

    /// <summary>
    /// Contract §4.7: stores a hashed one-time password for the record with this email and mails it; returns the OTP id.
    /// An unknown email gets a random id that no OTP has, after the same hashing work.
    /// </summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="email">The submitted email.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<string> RequestOtpAsync(Collection collection, string email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        var auth = collection.Auth!;
        if (!auth.OtpEnabled)
        {
            throw StrataException.Forbidden("The collection is not configured to allow OTP authentication.");
        }

        email = RequireEmail(email);
        var otps = _records.Collection(SystemCollections.Otps);
        var record = await FindByEmailAsync(collection, email, cancellationToken);
        if (record is null)
        {
            await Task.Run(() => PasswordHasher.Hash("timing", OtpCost(otps)), cancellationToken);
            return RandomId.New();
        }

        var code = Digits(auth.OtpLength);
        var address = record.GetString("email");
        var otp = await _records.CreateAsync(otps, new JsonObject
        {
            ["collectionRef"] = collection.Id,
            ["recordRef"] = record.Id,
            ["password"] = code,
            ["sentTo"] = address,
        }, System, cancellationToken);
        Send(record, address, auth.OtpTemplate, ("OTP", code), ("OTP_ID", otp.Id));
        return otp.Id;
    }

    /// <summary>
    /// Contract §4.7: the record an OTP belongs to, when the code matches and the OTP is of this collection and not
    /// expired (400 "Invalid or expired OTP." otherwise; 429 after too many failures). The OTP is used up on success.
    /// </summary>
    /// <param name="collection">The auth collection.</param>
    /// <param name="otpId">The OTP id from <see cref="RequestOtpAsync"/>.</param>
    /// <param name="password">The code from the mail.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<Record> OtpLoginAsync(Collection collection, string otpId, string password, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collection);
        if (!collection.Auth!.OtpEnabled)
        {
            throw StrataException.Forbidden("The collection is not configured to allow OTP authentication.");
        }

        var errors = new ValidationErrors();
        if (string.IsNullOrEmpty(otpId))
        {
            errors.Add("otpId", FieldError.Required());
        }

        if (string.IsNullOrEmpty(password))
        {
            errors.Add("password", FieldError.Required());
        }

        errors.ThrowIfAny(InvalidData);
        var otps = _records.Collection(SystemCollections.Otps);
        var otp = otpId.Length <= 64 ? await _records.FindAsync(otps, otpId, cancellationToken) : null;
        if (otp is null || otp.GetString("collectionRef") != collection.Id)
        {
            await Task.Run(() => PasswordHasher.Hash("timing", OtpCost(otps)), cancellationToken);
            throw StrataException.BadRequest(InvalidOtp);
        }

        var recordId = otp.GetString("recordRef");
        if (IsExpired(otp, collection.Auth.OtpDuration))
        {
            await _records.DeleteAsync(otps, otp.Id, System, cancellationToken);
            throw StrataException.BadRequest(InvalidOtp);
        }

        CheckOtpFailures(collection.Id + ":" + recordId);
        if (!PasswordHasher.Verify(otp.GetString("password"), password))
        {
            RecordOtpFailure(collection.Id + ":" + recordId);
            throw StrataException.BadRequest(InvalidOtp);
        }

        await _records.DeleteAsync(otps, otp.Id, System, cancellationToken);
        var record = await _records.FindAsync(collection, recordId, cancellationToken) ?? throw StrataException.BadRequest(InvalidOtp);
        if (record.Get("verified") is not true && string.Equals(otp.GetString("sentTo"), record.GetString("email"), StringComparison.OrdinalIgnoreCase))
        {
            record = await _records.UpdateAsync(collection, record.Id, new JsonObject { ["verified"] = true }, System, cancellationToken);
        }

        return record;
    }

    private bool IsExpired(Record row, long durationSeconds) =>
        !DateTimeText.TryParse(row.GetString("created"), out var created) || created.AddSeconds(durationSeconds) <= _clock.GetUtcNow();

    private void CheckOtpFailures(string key)
    {
        if (_otpFailures.TryGetValue(key, out var list))
        {
            lock (list)
            {
                var now = _clock.GetUtcNow();
                list.RemoveAll(t => now - t > OtpFailureWindow);
                if (list.Count >= MaxOtpFailures)
                {
                    throw new StrataException(429, "Too many failed OTP attempts, try again later.");
                }
            }
        }
    }

    private void RecordOtpFailure(string key)
    {
        var list = _otpFailures.GetOrAdd(key, _ => []);
        lock (list)
        {
            list.Add(_clock.GetUtcNow());
        }
    }

    private static int OtpCost(Collection otps) =>
        otps.Fields.OfType<PasswordField>().FirstOrDefault() is { Cost: > 0 } f ? f.Cost : PasswordHasher.DefaultCost;

    private static string Digits(int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append((char)('0' + RandomNumberGenerator.GetInt32(10)));
        }

        return sb.ToString();
    }
}
