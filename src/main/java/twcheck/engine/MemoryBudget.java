package twcheck.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts for the large arrays a search allocates (visited set, parent links, frontier), so that
 * it can stop with a report before memory is exhausted instead of failing with an
 * {@link OutOfMemoryError}. Every reservation is checked against the limit before allocating. The
 * visited set lives outside the heap, but the default limit is still derived from the heap's
 * (-Xmx): that is the knob a Java user turns to bound a process's memory.
 */
final class MemoryBudget {
    /** Kept free of the heap for everything else (model, reports, traces, GC headroom). */
    private static final long HEAP_RESERVE_MIN = 48L << 20;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    private MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** An explicit budget in bytes, or (for 0) what the heap can hold after a reserve. */
    static MemoryBudget of(long bytes) {
        if (bytes > 0) return new MemoryBudget(bytes);
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        if (max == Long.MAX_VALUE) return new MemoryBudget(Long.MAX_VALUE);
        long reserve = Math.max(HEAP_RESERVE_MIN, max / 16);
        long inUse = rt.totalMemory() - rt.freeMemory();
        return new MemoryBudget(Math.max(max - reserve - Math.min(inUse, max / 8), 1 << 20));
    }

    long limit() {
        return limit;
    }

    /**
     * Reserves {@code bytes} or throws if that would exceed the limit. A reservation that is
     * granted must be followed by the allocation; if the allocation still fails, the caller
     * releases and reports.
     */
    void reserve(long bytes, String what) {
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            throw new OutOfBudget(what);
        }
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** The search must end, incomplete: memory for its next step cannot be had. */
    static final class OutOfBudget extends RuntimeException {
        OutOfBudget(String what) {
            super(what, null, false, false);
        }
    }
}
