namespace Strata.Testing;

/// <summary>An <see cref="ApiScenario"/> whose response did not match.</summary>
public sealed class ScenarioFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not match.</param>
    public ScenarioFailedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ScenarioFailedException() { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What did not match.</param>
    /// <param name="inner">The cause.</param>
    public ScenarioFailedException(string message, Exception inner) : base(message, inner) { }
}
