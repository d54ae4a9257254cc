namespace Strata.Core.Records;

/// <summary>Who is looking at records, deciding hidden fields and email visibility.</summary>
public sealed class RecordView
{
    private readonly HashSet<string>? _managedIds;

    /// <summary>Creates a view for a requester.</summary>
    /// <param name="request">The request.</param>
    /// <param name="managedIds">Ids of auth records the requester manages (manageRule), or null.</param>
    /// <param name="alwaysShowEmail">Show every email (auth responses show the authenticated record's own email).</param>
    public RecordView(RequestInfo request, HashSet<string>? managedIds = null, bool alwaysShowEmail = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        _managedIds = managedIds;
        AlwaysShowEmail = alwaysShowEmail;
    }

    /// <summary>The request.</summary>
    public RequestInfo Request { get; }

    /// <summary>Whether every email is shown.</summary>
    public bool AlwaysShowEmail { get; }

    /// <summary>True for superusers: hidden fields and all emails are shown.</summary>
    public bool IsSuperuser => Request.IsSuperuser;

    /// <summary>Whether the requester may see this auth record's email.</summary>
    /// <param name="record">The auth record.</param>
    public bool CanSeeEmail(Record record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (AlwaysShowEmail || IsSuperuser || record.Get("emailVisibility") is true)
        {
            return true;
        }

        var auth = Request.Auth;
        if (auth is not null && auth.Id == record.Id && auth.Collection.Id == record.Collection.Id)
        {
            return true;
        }

        return _managedIds?.Contains(record.Id) == true;
    }
}
