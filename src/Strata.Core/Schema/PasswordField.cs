using Strata.Filter.Sql;

namespace Strata.Core.Schema;

/// <summary>The <c>password</c> field type.</summary>
public sealed class PasswordField : Field
{
    /// <inheritdoc />
    public override string Type => "password";

    /// <inheritdoc />
    public override FilterValueType StorageType => FilterValueType.Text;

    /// <inheritdoc />
    public override object? ZeroValue => "";

    /// <summary>Minimum length of the plain password.</summary>
    public int Min { get; set; }

    /// <summary>Maximum length of the plain password; 0 means 71.</summary>
    public int Max { get; set; }

    /// <summary>A regular expression the plain password must match, or empty.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>bcrypt cost; 0 means the default.</summary>
    public int Cost { get; set; }
}
