namespace Hello;

/// <summary>Writes greetings; registered in dependency injection and used by the greet job and a route.</summary>
/// <param name="salutation">How greetings begin.</param>
public sealed class Greeter(string salutation)
{
    /// <summary>A greeting for <paramref name="name"/>.</summary>
    /// <param name="name">Who is greeted (a guest when empty).</param>
    public string Greet(string name) => $"{salutation}, {(string.IsNullOrWhiteSpace(name) ? "guest" : name)}!";
}
