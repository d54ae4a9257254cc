using Strata.Core.Schema;
using Xunit;

namespace Strata.Core.Tests.Schema;

public sealed class CollectionIdsTests
{
    [Fact]
    public void Superusers_collection_id_matches_the_sdk_constant()
    {
        Assert.Equal("pbc_3142635823", CollectionIds.ForCollection(CollectionType.Auth, "_superusers"));
        Assert.Equal(CollectionIds.Superusers, CollectionDefaults.Superusers().Id);
    }

    [Fact]
    public void Id_field_id_is_type_plus_crc32_of_name()
    {
        Assert.Equal("text3208210256", CollectionIds.ForField("text", "id"));
        Assert.Equal("text3208210256", CollectionDefaults.IdField().Id);
    }

    [Theory]
    [InlineData("", 0u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_matches_known_vectors(string input, uint expected) => Assert.Equal(expected, CollectionIds.Crc32(input));

    [Fact]
    public void Collection_id_depends_on_type_and_name()
    {
        var a = CollectionIds.ForCollection(CollectionType.Base, "posts");
        Assert.StartsWith("pbc_", a, StringComparison.Ordinal);
        Assert.NotEqual(a, CollectionIds.ForCollection(CollectionType.Auth, "posts"));
        Assert.Equal(a, CollectionIds.ForCollection(CollectionType.Base, "posts"));
    }

    [Theory]
    [InlineData("base", CollectionType.Base)]
    [InlineData("auth", CollectionType.Auth)]
    [InlineData("view", CollectionType.View)]
    public void Type_names_round_trip(string name, CollectionType type)
    {
        Assert.True(CollectionTypeNames.TryParse(name, out var parsed));
        Assert.Equal(type, parsed);
        Assert.Equal(name, CollectionTypeNames.ToWire(type));
    }

    [Fact]
    public void Unknown_type_names_are_rejected()
    {
        Assert.False(CollectionTypeNames.TryParse("Base", out _));
        Assert.False(CollectionTypeNames.TryParse(null, out _));
    }
}
