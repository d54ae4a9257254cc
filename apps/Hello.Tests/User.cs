namespace Hello.Tests;

/// <summary>A signed-in user of the guestbook.</summary>
/// <param name="Id">The record id.</param>
/// <param name="Token">The auth token.</param>
internal sealed record User(string Id, string Token);
