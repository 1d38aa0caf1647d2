using HeadlessBlog.Api;
using Mapster;

namespace HeadlessBlog.Api.Tests;

public sealed class MappingTests
{
    [Fact]
    public void ApiMappingConfig_RequiresASourceForEveryDestinationMember()
    {
        var config = Mapping.CreateConfig();

        Assert.True(config.RequireDestinationMemberSource);
    }

    [Fact]
    public void ApiMappingConfig_CompilesWithEveryDestinationMemberMapped()
    {
        var config = Mapping.CreateConfig();

        var exception = Record.Exception(() => config.Compile());

        Assert.Null(exception);
    }

    [Fact]
    public void ApiMappingConfig_CompilesItsDatabaseProjections()
    {
        var config = Mapping.CreateConfig();

        var exception = Record.Exception(() => config.CompileProjection());

        Assert.Null(exception);
    }

    [Fact]
    public void Compile_WithRequiredSourcesAndAnUnmappedDestinationMember_Throws()
    {
        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true };
        config.NewConfig<Source, DestinationWithExtra>();

        var exception = Assert.Throws<CompileException>(() => config.Compile());

        Assert.Contains(nameof(DestinationWithExtra.Extra), exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WithRequiredSourcesAndTheExtraMemberIgnored_Maps()
    {
        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true };
        config.NewConfig<Source, DestinationWithExtra>().Ignore(d => d.Extra);

        config.Compile();
        var destination = new Source { Name = "n" }.Adapt<DestinationWithExtra>(config);

        Assert.Equal("n", destination.Name);
        Assert.Null(destination.Extra);
    }

    private sealed class Source
    {
        public string? Name { get; set; }
    }

    private sealed class DestinationWithExtra
    {
        public string? Name { get; set; }
        public string? Extra { get; set; }
    }
}
