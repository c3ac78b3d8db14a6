package twcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Owns the native blocks of a {@link VisitedTable}'s segments and frees each as soon as no thread
 * can be reading it.
 *
 * <p>With one thread, a segment's old slots are freed the moment it grows. With several, a lookup
 * may still be probing a segment's old slots without the lock while another thread grows it, so
 * the old slots are retired instead, with the epoch of their retirement: {@code epoch} counts
 * retirements; each thread announces, between lookups, the epoch it has seen ({@link #quiescent}),
 * on a cache line of its own; slots retired in an epoch every thread has announced since are
 * unreachable and are freed. Between levels, when no lookup runs, everything retired is freed
 * ({@link #freeRetired}).
 *
 * <p>It is also the cleaner of its table: it frees every block it holds when {@link #run} (once),
 * so it must not reference the table.
 */
final class EpochReclamation implements Runnable {
    /** Longs per cache line (and a bit): each thread's announcement gets a line of its own. */
    private static final int STRIDE = 16;

    private final long[] live;
    /** Outgrown slots that a thread may still be probing, with the epoch of their retirement. */
    private final List<Retired> retired = new ArrayList<>();
    private final MemoryBudget budget;
    private final boolean concurrent;
    private final int threads;
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLongArray announced;
    /** Whether anything may be retired: a hint that keeps {@link #quiescent} cheap when nothing is. */
    private volatile int retiredCount;
    private boolean freed;

    private record Retired(SlotLayout.Slots slots, long epoch) {
    }

    /**
     * @param segments the table's segments
     * @param threads how many threads use the table at once (each with its number, from 0, for
     *     {@link #quiescent})
     */
    EpochReclamation(int segments, int threads, MemoryBudget budget) {
        this.live = new long[segments];
        this.budget = budget;
        this.threads = threads;
        this.concurrent = threads > 1;
        this.announced = new AtomicLongArray(threads * STRIDE);
    }

    /** Records the first slots of {@code segment}. */
    synchronized void created(int segment, SlotLayout.Slots slots) {
        live[segment] = slots.block;
    }

    /**
     * Records that {@code grown} replaced {@code old} in {@code segment} (call with the segment's
     * lock held): the old slots are freed now with one thread, else retired until no thread can be
     * reading them.
     */
    void replaced(int segment, SlotLayout.Slots old, SlotLayout.Slots grown) {
        if (concurrent) {
            // A thread that announces an epoch after this one reads the grown slots from then on.
            replace(segment, old, grown, epoch.getAndIncrement());
            retiredCount = 1;
        } else {
            replace(segment, old, grown, -1);
        }
    }

    private synchronized void replace(int segment, SlotLayout.Slots old, SlotLayout.Slots grown, long retiredIn) {
        live[segment] = grown.block;
        if (retiredIn < 0) free(old);
        else retired.add(new Retired(old, retiredIn));
    }

    /**
     * Called by thread {@code thread} between lookups (it holds nothing read from the table): it
     * will see every segment grown so far, so slots retired before now are unreachable from it,
     * and those that no thread can reach any more are freed.
     */
    void quiescent(int thread) {
        if (!concurrent) return;
        announced.set(thread * STRIDE, epoch.get());
        if (retiredCount == 0) return;
        long oldest = Long.MAX_VALUE;
        for (int t = 0; t < threads; t++) oldest = Math.min(oldest, announced.get(t * STRIDE));
        // A hint only: a retirement racing with this store is freed at a later call or level.
        retiredCount = freeRetired(oldest);
    }

    /** Frees everything retired (call while no lookup runs, between levels). */
    void freeRetired() {
        retiredCount = freeRetired(Long.MAX_VALUE);
    }

    /** Frees the retired slots of epochs before {@code before}; returns how many are left. */
    private synchronized int freeRetired(long before) {
        retired.removeIf(r -> {
            if (r.epoch() >= before) return false;
            free(r.slots());
            return true;
        });
        return retired.size();
    }

    private void free(SlotLayout.Slots s) {
        assert poison(s);
        NativeMemory.free(s.block);
        budget.release(s.bytes);
    }

    /** With assertions on (tests), freed slots are first filled with ones, so that reading them shows. */
    private static boolean poison(SlotLayout.Slots s) {
        NativeMemory.fill(s.block, s.bytes, (byte) -1);
        return true;
    }

    /** Frees every block, live or retired (the table is released or unreachable). */
    @Override
    public synchronized void run() {
        if (freed) return;
        freed = true;
        for (int g = 0; g < live.length; g++) {
            if (live[g] != 0) NativeMemory.free(live[g]);
            live[g] = 0;
        }
        for (Retired r : retired) NativeMemory.free(r.slots().block);
        retired.clear();
    }
}
