namespace Strata.Core.Records;

/// <summary>The <c>expand</c> parameter (contract §9.2) as a tree of relation names, at most six levels deep.</summary>
public sealed class ExpandPaths
{
    private const int MaxDepth = 6;

    /// <summary>The sub-paths by relation (or back-relation) name.</summary>
    public Dictionary<string, ExpandPaths> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses the parameter. Spaces are removed, dangling dots trimmed, empty items dropped.</summary>
    /// <param name="expand">The parameter.</param>
    public static ExpandPaths Parse(string expand)
    {
        ArgumentNullException.ThrowIfNull(expand);
        var root = new ExpandPaths();
        foreach (var raw in expand.Replace(" ", "", StringComparison.Ordinal).Split(','))
        {
            var path = raw.Trim('.');
            if (path.Length == 0)
            {
                continue;
            }

            var node = root;
            foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries).Take(MaxDepth))
            {
                if (!node.Children.TryGetValue(segment, out var child))
                {
                    child = new ExpandPaths();
                    node.Children[segment] = child;
                }

                node = child;
            }
        }

        return root;
    }
}
