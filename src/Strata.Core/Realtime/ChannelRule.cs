using System.Text.RegularExpressions;

namespace Strata.Core.Realtime;

/// <summary>
/// Who may join the broadcast channels whose name matches <see cref="Pattern"/>. The pattern is literal text with
/// <c>*</c> (any characters) and <c>{id}</c> (one segment without <c>:</c> or <c>/</c>). With a
/// <see cref="Collection"/>, <c>{id}</c> names one of its records and <see cref="Rule"/> is evaluated on that record
/// (e.g. <c>members.id ?= @request.auth.id</c>); without one, the rule is evaluated on the requester's own auth record,
/// so only <c>@request.*</c> matters and a guest passes only an empty rule. Superusers always pass.
/// </summary>
/// <param name="Pattern">The channel name pattern.</param>
/// <param name="Rule">null: nobody; <c>""</c>: everyone, guests included; else a filter expression.</param>
/// <param name="Collection">The collection <c>{id}</c> refers to, or null.</param>
public sealed record ChannelRule(string Pattern, string? Rule, string? Collection = null)
{
    private Regex? _regex;

    /// <summary>Matches a channel name; on success <paramref name="id"/> is the <c>{id}</c> segment (or null).</summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="id">The captured id.</param>
    public bool Matches(string channel, out string? id)
    {
        _regex ??= new Regex("^" + Regex.Escape(Pattern).Replace(@"\*", ".*", StringComparison.Ordinal)
            .Replace(@"\{id}", "(?<id>[^:/]+)", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
        var m = _regex.Match(channel);
        id = m.Success && m.Groups["id"].Success ? m.Groups["id"].Value : null;
        return m.Success;
    }
}
