using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Strata.Api.Http;
using Strata.Core;
using Strata.Core.Auth;
using Strata.Core.Errors;
using Strata.Core.Mail;
using Strata.Core.Records;
using Strata.Core.Schema;

namespace Strata.Api.Apis;

/// <summary><c>POST /api/settings/test/email</c> (contract §8.2): sends one template mail with sample values, now.</summary>
public static class MailApi
{
    /// <summary>Maps the endpoint (superusers only).</summary>
    /// <param name="app">The route builder.</param>
    public static IEndpointRouteBuilder MapMailApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/settings/test").RequireSuperuser().MapPost("/email", TestEmail);
        return app;
    }

    private static async Task<NoContent> TestEmail(HttpContext context, StrataEngine engine, Mailer mailer)
    {
        var body = await RequestBody.ReadJsonAsync(context);
        var template = body["template"]?.ToString() ?? "";
        var email = AuthFlows.RequireEmail(body["email"]?.ToString() ?? "");
        var name = body["collection"]?.ToString() is { Length: > 0 } n ? n : RequestInfo.SuperusersCollection;
        var errors = new ValidationErrors();
        var collection = engine.Schema.Current.Find(name);
        if (collection?.Auth is null)
        {
            errors.Add("collection", new FieldError("validation_invalid_collection", "Missing or invalid auth collection."));
        }

        var t = collection?.Auth is { } auth ? template switch
        {
            "verification" => auth.VerificationTemplate,
            "password-reset" => auth.ResetPasswordTemplate,
            "email-change" => auth.ConfirmEmailChangeTemplate,
            "otp" => auth.OtpTemplate,
            _ => null,
        } : null;
        if (collection?.Auth is not null && t is null)
        {
            errors.Add("template", new FieldError("validation_in_invalid", "Must be one of verification, password-reset, email-change, otp."));
        }

        errors.ThrowIfAny("An error occurred while validating the submitted data.");
        var sample = new Record(collection!);
        sample.Set("email", email);
        var (subject, html) = MailTemplate.Render(t!, mailer.Settings, sample, ("TOKEN", "SAMPLE_TOKEN"), ("OTP", "123456"), ("OTP_ID", "SAMPLE_OTP_ID"));
        await mailer.SendAsync(email, subject, html, context.RequestAborted);
        return TypedResults.NoContent();
    }
}
