using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using Mapster;

namespace HeadlessBlog.Api.Infrastructure;

public static class Mapping
{
    /// <summary>The one mapping configuration of the API; every destination member must have a source.</summary>
    public static TypeAdapterConfig CreateConfig()
    {
        var config = new TypeAdapterConfig();
        config.RequireDestinationMemberSource = true;
        TagMapping.Register(config);
        ArticleMapping.Register(config);
        return config;
    }
}
