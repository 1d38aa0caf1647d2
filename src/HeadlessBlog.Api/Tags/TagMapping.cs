using HeadlessBlog.Api.Http;
using HeadlessBlog.Data;
using Mapster;

namespace HeadlessBlog.Api.Tags;

public static class TagMapping
{
    public static void Register(TypeAdapterConfig config)
    {
        config.NewConfig<TagRequest, Tag>()
            .Map(d => d.Name, s => s.Name.Trim())
            .Map(d => d.NormalizedName, s => s.Name.Trim().ToUpperInvariant())
            .Map(d => d.Description, s => ValidationRules.Clean(s.Description))
            .Map(d => d.MetaTitle, s => ValidationRules.Clean(s.MetaTitle))
            .Map(d => d.MetaDescription, s => ValidationRules.Clean(s.MetaDescription))
            .Map(d => d.FeatureImageUrl, s => ValidationRules.Clean(s.FeatureImageUrl))
            .Ignore(d => d.Id, d => d.Slug, d => d.CreatedAt, d => d.UpdatedAt, d => d.Version, d => d.Articles);
    }
}
