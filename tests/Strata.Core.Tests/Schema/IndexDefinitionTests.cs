using Strata.Core.Errors;
using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class IndexDefinitionTests
{
    [Theory]
    [InlineData("CREATE UNIQUE INDEX `idx_x` ON `posts` (`slug`)")]
    [InlineData("CREATE INDEX `idx_a` ON `posts` (`a`, `b` DESC)")]
    [InlineData("CREATE UNIQUE INDEX IF NOT EXISTS `idx_e` ON `users` (`email` COLLATE NOCASE ASC) WHERE `email` != ''")]
    [InlineData("CREATE INDEX `i` ON `t` (`c` COLLATE NOCASE)")]
    public void Contract_form_round_trips_exactly(string sql)
    {
        Assert.Equal(sql, IndexDefinition.Parse(sql).ToString());
    }

    [Fact]
    public void Parses_all_parts()
    {
        var d = IndexDefinition.Parse("create unique index if not exists \"idx_e\" on [users] ( email asc collate nocase , `name` ) where email != '' ;");
        Assert.Equal("idx_e", d.Name);
        Assert.True(d.Unique);
        Assert.True(d.IfNotExists);
        Assert.Equal("users", d.Table);
        Assert.Equal(2, d.Columns.Count);
        Assert.Equal(new IndexColumn("email", "nocase", "ASC"), d.Columns[0]);
        Assert.Equal(new IndexColumn("name"), d.Columns[1]);
        Assert.Equal("email != ''", d.Where);
        Assert.Equal("CREATE UNIQUE INDEX IF NOT EXISTS `idx_e` ON `users` (`email` COLLATE nocase ASC, `name`) WHERE email != ''", d.ToString());
    }

    [Fact]
    public void Printed_form_parses_back_to_the_same_definition()
    {
        var d = IndexDefinition.Parse("CREATE INDEX [a b] ON \"we\"\"ird\" (`x``y` DESC)");
        Assert.Equal("a b", d.Name);
        Assert.Equal("we\"ird", d.Table);
        Assert.Equal("x`y", d.Columns[0].Name);
        var again = IndexDefinition.Parse(d.ToString());
        Assert.Equal(d.ToString(), again.ToString());
        Assert.Equal(d.Columns[0], again.Columns[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CREATE TABLE x (a)")]
    [InlineData("CREATE INDEX ON t (a)")]
    [InlineData("CREATE INDEX i ON t ()")]
    [InlineData("CREATE INDEX i ON t (a")]
    [InlineData("CREATE INDEX i ON t (lower(a))")]
    [InlineData("CREATE INDEX `i ON t (a)")]
    [InlineData("CREATE INDEX i ON t (a) WHERE")]
    [InlineData("CREATE INDEX i ON t (a) garbage")]
    [InlineData("CREATE UNIQUEINDEX i ON t (a)")]
    public void Invalid_statements_are_rejected(string sql)
    {
        Assert.False(IndexDefinition.TryParse(sql, out _));
        var ex = Assert.Throws<StrataException>(() => IndexDefinition.Parse(sql));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public void IsUniqueOn_matches_single_column_unique_indexes()
    {
        Assert.True(IndexDefinition.Parse("CREATE UNIQUE INDEX i ON t (email) WHERE email != ''").IsUniqueOn("EMAIL"));
        Assert.False(IndexDefinition.Parse("CREATE INDEX i ON t (email)").IsUniqueOn("email"));
        Assert.False(IndexDefinition.Parse("CREATE UNIQUE INDEX i ON t (email, name)").IsUniqueOn("email"));
    }
}
