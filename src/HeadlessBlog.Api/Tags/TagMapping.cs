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
            .Map(d => d.Description, s => string.IsNullOrWhiteSpace(s.Description) ? null : s.Description.Trim())
            .Ignore(d => d.Id, d => d.Slug, d => d.CreatedAt, d => d.UpdatedAt, d => d.Version, d => d.Articles);
    }
}
