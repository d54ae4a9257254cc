using Microsoft.IdentityModel.JsonWebTokens;

namespace Strata.Core.Auth;

/// <summary>
/// A token's claims read before its signature is checked (to know which record's key verifies it), with the parsed
/// token so that verification does not parse it again.
/// </summary>
/// <param name="Id">The <c>id</c> claim.</param>
/// <param name="CollectionId">The <c>collectionId</c> claim.</param>
/// <param name="Type">The <c>type</c> claim.</param>
/// <param name="Token">The parsed token.</param>
public sealed record UnverifiedToken(string Id, string CollectionId, string Type, JsonWebToken Token);
