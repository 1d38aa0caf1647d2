using HeadlessBlog.Api.Articles;
using HeadlessBlog.Api.Tags;
using Mapster;

namespace HeadlessBlog.Api;

/// <summary>Composition: the one mapping configuration of the API, from each feature's registrations.</summary>
public static class Mapping
{
    /// <summary>Every destination member must have a source.</summary>
    public static TypeAdapterConfig CreateConfig()
    {
        var config = new TypeAdapterConfig();
        config.RequireDestinationMemberSource = true;
        TagMapping.Register(config);
        ArticleMapping.Register(config);
        return config;
    }
}
