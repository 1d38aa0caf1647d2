using OpenTelemetry.Trace;

namespace HeadlessBlog.Api.Telemetry;

/// <summary>
/// Records at most <paramref name="perSecond"/> new traces a second (a token bucket refilled in real time), so that
/// tracing costs the same at 20 requests a second, where it records all of them, as at 20,000, where recording every
/// one would cost about 40 µs of CPU each (see docs/benchmarks.md). Wrapped in a parent-based sampler: a request whose
/// caller sampled its trace is always recorded.
/// </summary>
public sealed class RateLimitingSampler(double perSecond, TimeProvider clock) : Sampler
{
    private readonly Lock _lock = new();
    private readonly double _perSecond = perSecond;
    private double _tokens = perSecond;
    private long _last = clock.GetTimestamp();

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(_perSecond, _tokens + (clock.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
            _last = now;
            if (_tokens < 1)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            _tokens -= 1;
            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }
}
