package twcheck.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts for the large arrays a search allocates (visited set, parent links, frontier), so that
 * it can stop with a report before memory is exhausted instead of failing with an
 * {@link OutOfMemoryError}. Every reservation is checked against the limit before allocating. The
 * visited set lives outside the heap, but the default limit is still derived from the heap's
 * (-Xmx): that is the knob a Java user turns to bound a process's memory.
 */
public final class MemoryBudget {
    /** Kept free of the heap for everything else (model, reports, traces, GC headroom). */
    private static final long HEAP_RESERVE_MIN = 48L << 20;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    private MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** An explicit budget in bytes, or (for 0) what the heap can hold after a reserve. */
    public static MemoryBudget of(long bytes) {
        if (bytes > 0) return new MemoryBudget(bytes);
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (max == Long.MAX_VALUE) return new MemoryBudget(Long.MAX_VALUE);
        long reserve = Math.max(HEAP_RESERVE_MIN, max / 16);
        long inUse = rt.totalMemory() - rt.freeMemory();
        return new MemoryBudget(Math.max(max - reserve - Math.min(inUse, max / 8), 1 << 20));
    }

    /** A budget that never runs out (for tools and tests that build small structures). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    public long limit() {
        return limit;
    }

    /** Bytes reserved now. */
    public long used() {
        return used.get();
    }

    /**
     * The most bytes reserved at once since the last call (or the start); the count then restarts
     * from what is reserved now, so that successive calls give the peak of each phase of a run.
     */
    public long takePeak() {
        return peak.getAndSet(used.get());
    }

    /**
     * Reserves {@code bytes} or throws if that would exceed the limit. A reservation that is
     * granted must be followed by the allocation; if the allocation still fails, the caller
     * releases and reports.
     */
    public void reserve(long bytes, String what) {
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            throw new OutOfBudget(what);
        }
        peak.accumulateAndGet(now, Math::max);
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** The search must end, incomplete: memory for its next step cannot be had. */
    public static class OutOfBudget extends RuntimeException {
        public OutOfBudget(String what) {
            super(what, null, false, false);
        }
    }
}
