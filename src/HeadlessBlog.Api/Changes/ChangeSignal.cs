namespace HeadlessBlog.Api.Changes;

/// <summary>
/// Tells this instance's background work that one of its own writes just committed events, so that it need not wait
/// for its next poll (other instances' writes are found by polling).
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next commit with events. Take it before looking at the log, then wait on it.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> (see <see cref="Next"/>) or <paramref name="delay"/>, whichever comes first.</summary>
    public static async Task WaitAsync(Task next, TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, clock, stop.Token);
        await Task.WhenAny(next, timer);
        await stop.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
