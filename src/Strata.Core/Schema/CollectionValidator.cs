using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Strata.Core.Errors;

namespace Strata.Core.Schema;

/// <summary>
/// The semantic checks of a collection create or update (contract §2.1–2.3). Every problem is collected into one
/// 400 whose <c>data</c> uses paths such as <c>name</c>, <c>fields.2.name</c>, <c>indexes.0</c>, <c>authToken.duration</c>.
/// Rule syntax is not known here: Core passes the filter parser in as <c>ruleError</c>.
/// </summary>
public static partial class CollectionValidator
{
    private static readonly string[] RuleKeys = ["listRule", "viewRule", "createRule", "updateRule", "deleteRule"];

    /// <summary>Validates a collection about to be created (<paramref name="old"/> null) or updated.</summary>
    /// <param name="candidate">The collection as it would be saved (after <see cref="CollectionDefaults.ApplyNew"/> on create).</param>
    /// <param name="old">The stored version for an update, or null.</param>
    /// <param name="all">Every stored collection (may include <paramref name="old"/>).</param>
    /// <param name="ruleError">Checks one non-empty rule expression and returns a message when it is invalid, or null; when
    /// omitted, rule syntax is not checked.</param>
    /// <exception cref="StrataException">400 "Failed to create collection." / "Failed to update collection." with the problems.</exception>
    public static void Validate(Collection candidate, Collection? old, IReadOnlyCollection<Collection> all, Func<string, string?>? ruleError = null)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(all);
        var errors = Check(candidate, old, all, ruleError);
        errors.ThrowIfAny(old is null ? CollectionJson.CreateFailed : CollectionJson.UpdateFailed);
    }

    /// <summary>Checks that a collection may be deleted: not system and not the target of another collection's relation.</summary>
    /// <param name="collection">The collection to delete.</param>
    /// <param name="all">Every stored collection.</param>
    /// <exception cref="StrataException">400 when it may not.</exception>
    public static void ValidateDelete(Collection collection, IReadOnlyCollection<Collection> all)
    {
        ArgumentNullException.ThrowIfNull(collection);
        ArgumentNullException.ThrowIfNull(all);
        if (collection.System)
        {
            throw StrataException.BadRequest("System collections cannot be deleted.");
        }

        foreach (var other in all)
        {
            if (string.Equals(other.Id, collection.Id, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var f in other.Fields)
            {
                if (f is RelationField r && string.Equals(r.CollectionId, collection.Id, StringComparison.Ordinal))
                {
                    throw StrataException.BadRequest(
                        $"The collection is referenced by the relation field \"{f.Name}\" of collection \"{other.Name}\"; remove it first.");
                }
            }
        }
    }

    internal static ValidationErrors Check(Collection candidate, Collection? old, IReadOnlyCollection<Collection> all, Func<string, string?>? ruleError)
    {
        var errors = new ValidationErrors();
        // On create every existing collection counts, so a clash of name or id is reported, never treated as an update.
        var others = all.Where(c => old is null || !string.Equals(c.Id, old.Id, StringComparison.Ordinal)).ToList();
        CheckIdentity(candidate, old, others, errors);
        CheckRules(candidate, old, ruleError, errors);
        CheckFields(candidate, old, all, errors);
        CheckIndexes(candidate, others, errors);
        if (candidate.Type == CollectionType.Auth && candidate.Auth is not null)
        {
            CheckAuth(candidate, candidate.Auth, ruleError, errors);
        }

        if (candidate.Type == CollectionType.View && string.IsNullOrWhiteSpace(candidate.ViewQuery))
        {
            errors.Add("viewQuery", FieldError.Required());
        }

        return errors;
    }

    private static void CheckIdentity(Collection c, Collection? old, List<Collection> others, ValidationErrors errors)
    {
        if (c.Id.Length == 0)
        {
            errors.Add("id", FieldError.Required());
        }
        else if (old is null)
        {
            if (c.Id.Length > 100 || !WordPattern().IsMatch(c.Id))
            {
                errors.Add("id", new FieldError("validation_match_invalid", "Must contain only letters, numbers and underscores (at most 100)."));
            }
            else if (others.Any(o => string.Equals(o.Id, c.Id, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add("id", new FieldError("validation_collection_id_exists", "Collection id already exists."));
            }
        }

        if (c.Name.Length == 0)
        {
            errors.Add("name", FieldError.Required());
        }
        else if (!WordPattern().IsMatch(c.Name))
        {
            errors.Add("name", new FieldError("validation_match_invalid", "Must contain only letters, numbers and underscores."));
        }
        else if (c.Name.Length > 255)
        {
            errors.Add("name", new FieldError("validation_length_too_long", "Must be no more than 255 characters.", new JsonObject { ["max"] = 255 }));
        }
        else if (others.Any(o => string.Equals(o.Name, c.Name, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add("name", new FieldError("validation_collection_name_exists", "Collection name must be unique (case insensitive)."));
        }
        else if (c.Name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("name", new FieldError("validation_invalid_name", "Names starting with \"sqlite_\" are reserved."));
        }
        else if (c.Name[0] == '_' && !c.System && !(old is not null && string.Equals(old.Name, c.Name, StringComparison.Ordinal)))
        {
            errors.Add("name", new FieldError("validation_invalid_name", "Names starting with \"_\" are reserved for system collections."));
        }

        if (old is null)
        {
            return;
        }

        if (old.Type != c.Type)
        {
            errors.Add("type", new FieldError("validation_collection_type_change", "Collection type cannot be changed."));
        }

        if (old.System != c.System)
        {
            errors.Add("system", new FieldError("validation_collection_system_flag_change", "System collection state cannot be changed."));
        }

        if (old.System && !string.Equals(old.Name, c.Name, StringComparison.Ordinal))
        {
            errors.Add("name", new FieldError("validation_collection_system_name_change", "System collection name cannot be changed."));
        }
    }

    private static void CheckRules(Collection c, Collection? old, Func<string, string?>? ruleError, ValidationErrors errors)
    {
        var rules = RulesOf(c);
        var oldRules = old is null ? null : RulesOf(old);
        for (var i = 0; i < rules.Count; i++)
        {
            var (key, rule) = rules[i];
            if (old is not null && old.System && oldRules is not null && i < oldRules.Count && !string.Equals(oldRules[i].Rule, rule, StringComparison.Ordinal))
            {
                errors.Add(key, new FieldError("validation_collection_system_rule_change", "System collection rules cannot be changed."));
                continue;
            }

            CheckRule(key, rule, ruleError, errors);
        }
    }

    private static void CheckRule(string key, string? rule, Func<string, string?>? ruleError, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(rule) || ruleError is null)
        {
            return;
        }

        if (ruleError(rule) is { } message)
        {
            errors.Add(key, new FieldError("validation_invalid_rule", message));
        }
    }

    private static List<(string Key, string? Rule)> RulesOf(Collection c)
    {
        var list = new List<(string, string?)>
        {
            (RuleKeys[0], c.ListRule),
            (RuleKeys[1], c.ViewRule),
            (RuleKeys[2], c.CreateRule),
            (RuleKeys[3], c.UpdateRule),
            (RuleKeys[4], c.DeleteRule),
        };
        if (c.Type == CollectionType.Auth && c.Auth is not null)
        {
            list.Add(("authRule", c.Auth.AuthRule));
            list.Add(("manageRule", c.Auth.ManageRule));
        }

        return list;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
