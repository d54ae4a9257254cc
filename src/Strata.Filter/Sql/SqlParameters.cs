namespace Strata.Filter.Sql;

/// <summary>
/// The parameter list of one SQL statement. Values never enter SQL text: every literal is added here and
/// referenced by its generated name (<c>@p0</c>, <c>@p1</c>, ...), which both Microsoft.Data.Sqlite and Npgsql accept.
/// </summary>
public sealed class SqlParameters
{
    private readonly List<KeyValuePair<string, object?>> _items = [];

    /// <summary>The parameters in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Items => _items;

    /// <summary>Adds a value and returns the placeholder to put in the SQL text.</summary>
    /// <param name="value">A string, double, long, bool, DateTime or null.</param>
    public string Add(object? value)
    {
        var name = "@p" + _items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _items.Add(new(name, value));
        return name;
    }
}
