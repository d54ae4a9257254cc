namespace Strata.Core.Files;

/// <summary>An upload accepted into a record, with the name it is stored under.</summary>
/// <param name="Field">The file field's name.</param>
/// <param name="StoredName">The generated name (contract §5.4).</param>
/// <param name="Upload">The upload.</param>
public sealed record PendingFile(string Field, string StoredName, FileUpload Upload);
