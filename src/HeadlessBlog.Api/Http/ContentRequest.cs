using HeadlessBlog.Api.Delivery;
using HeadlessBlog.Api.Publishing;
using HeadlessBlog.Data;
using Microsoft.Extensions.Options;

namespace HeadlessBlog.Api.Http;

/// <summary>What every content handler works with, bound as one parameter (<c>[AsParameters]</c>).</summary>
/// <param name="Db">The request's database context.</param>
/// <param name="Clock">The clock (a fake one in tests).</param>
/// <param name="Shown">Where a read records what its response shows, for the output cache.</param>
/// <param name="Derived">Results kept between writes (list lengths, rankings, counts).</param>
/// <param name="Http">The request.</param>
/// <param name="Aborted">Cancelled when the client goes away.</param>
public sealed record ContentRequest(
    BlogDbContext Db, TimeProvider Clock, ResponseContent Shown, DerivedResults Derived, HttpContext Http, CancellationToken Aborted)
{
    public DateTime UtcNow() => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Where the frontend serves the blog (<c>Site:*</c>).</summary>
    public SiteOptions Site => Http.RequestServices.GetRequiredService<IOptions<SiteOptions>>().Value;
}
