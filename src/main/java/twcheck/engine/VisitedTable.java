package twcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: open addressing (linear probing) over packed {@code long} words, no objects
 * per state. With every slot it keeps one 32-bit value, the state's parent link (the number of
 * the state it was first reached from). If the model leaves the top 32 bits of its last word
 * free, the value lives there and a slot costs exactly the state's words; otherwise it lives in a
 * parallel {@code int[]}.
 *
 * <p>The table is split into {@value #SEGMENTS} segments chosen by the top bits of the hash, each
 * with its own arrays and lock. A segment doubles on its own, so growing never needs a second
 * copy of the whole table (the transient cost is 1/{@value #SEGMENTS} of it), and threads
 * touching different segments never wait for each other.
 *
 * <p>In hash-compaction mode the key is a 64-bit fingerprint of the state instead of the state.
 */
final class VisitedTable {
    /** {@link #insert} result: the state was not there and is now stored. */
    static final int NEW = -1;
    /** {@link #insert} result: the state was there already and keeps its parent. */
    static final int PRESENT = -2;
    /** {@link #parentOf} result for a state that is not stored. */
    static final int ABSENT = Integer.MIN_VALUE;

    private static final int SEGMENT_BITS = 10;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final int INITIAL_SLOTS = 16;
    private static final long LOW32 = 0xFFFF_FFFFL;

    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(Segment.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Segment {
        long[] keys;
        int[] values; // null when values are embedded in the keys
        int mask;
        int count;
        int limit;
        @SuppressWarnings("unused") // through LOCK
        volatile int lock;
    }

    private final int stateWords;
    private final boolean compact;
    private final int keyWords;
    private final boolean embedded;
    private final boolean concurrent;
    private final MemoryBudget budget;
    private final Segment[] segments = new Segment[SEGMENTS];

    /**
     * @param stateWords words per state
     * @param freeHighBits high bits of a state's last word that are always zero
     * @param compact store 64-bit fingerprints instead of states
     * @param concurrent whether several threads use the table at once
     */
    VisitedTable(int stateWords, int freeHighBits, boolean compact, boolean concurrent, MemoryBudget budget) {
        this.stateWords = stateWords;
        this.compact = compact;
        this.keyWords = compact ? 1 : stateWords;
        this.embedded = !compact && freeHighBits >= 32;
        this.concurrent = concurrent;
        this.budget = budget;
        budget.reserve(SEGMENTS * slotBytes(INITIAL_SLOTS), "the visited set");
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = new Segment();
            s.keys = new long[INITIAL_SLOTS * keyWords];
            s.values = embedded ? null : new int[INITIAL_SLOTS];
            s.mask = INITIAL_SLOTS - 1;
            s.limit = limitFor(INITIAL_SLOTS);
            segments[i] = s;
        }
    }

    boolean compact() {
        return compact;
    }

    /** Bytes per slot. */
    long slotBytes() {
        return 8L * keyWords + (embedded ? 0 : 4);
    }

    private long slotBytes(long slots) {
        return slots * slotBytes();
    }

    /** Maximum load 7/8: linear probing stays short enough, and memory stays near the states' size. */
    private static int limitFor(int slots) {
        return slots - (slots >>> 3);
    }

    /** Number of stored states (exact when no insertion is running). */
    long size() {
        long n = 0;
        for (Segment s : segments) n += s.count;
        return n;
    }

    /** Total slots, for statistics. */
    long capacity() {
        long n = 0;
        for (Segment s : segments) n += s.mask + 1L;
        return n;
    }

    /**
     * Adds the state at {@code state[offset...]} with parent link {@code parent}, unless present.
     * If present with a parent link in {@code [levelStart, parent)}'s complement, that is a link
     * into the level being expanded that is larger than {@code parent}, the link is lowered to
     * {@code parent} so that the smallest parent wins whatever the order of the threads.
     *
     * @return {@link #NEW}, {@link #PRESENT}, or (≥ 0) the previous, larger parent link that was
     *     replaced
     */
    int insert(long[] state, int offset, int parent, int levelStart) {
        long h;
        long fp = 0;
        if (compact) {
            fp = fingerprint(state, offset, stateWords);
            h = mix(fp);
        } else {
            h = hash(state, offset, stateWords);
        }
        Segment s = segments[(int) (h >>> (64 - SEGMENT_BITS))];
        if (concurrent) lock(s);
        try {
            if (s.count >= s.limit) grow(s);
            long[] keys = s.keys;
            int mask = s.mask;
            int kw = keyWords;
            int i = (int) h & mask;
            int stored = parent + 2; // 0 marks a free slot; parents are >= -1
            while (true) {
                int base = i * kw;
                int value = embedded ? (int) (keys[base + kw - 1] >>> 32) : s.values[i];
                if (value == 0) {
                    if (compact) {
                        keys[base] = fp;
                        s.values[i] = stored;
                    } else {
                        for (int j = 0; j < kw - 1; j++) keys[base + j] = state[offset + j];
                        if (embedded) {
                            keys[base + kw - 1] = state[offset + kw - 1] | ((long) stored << 32);
                        } else {
                            keys[base + kw - 1] = state[offset + kw - 1];
                            s.values[i] = stored;
                        }
                    }
                    s.count++;
                    return NEW;
                }
                if (compact ? keys[base] == fp : matches(keys, base, state, offset)) {
                    int old = value - 2;
                    if (old >= levelStart && old > parent) {
                        if (embedded) {
                            keys[base + kw - 1] = (keys[base + kw - 1] & LOW32) | ((long) stored << 32);
                        } else {
                            s.values[i] = stored;
                        }
                        return old;
                    }
                    return PRESENT;
                }
                i = (i + 1) & mask;
            }
        } finally {
            if (concurrent) unlock(s);
        }
    }

    /** The parent link stored with the state, or {@link #ABSENT}. Not for use during insertions. */
    int parentOf(long[] state, int offset) {
        long h;
        long fp = 0;
        if (compact) {
            fp = fingerprint(state, offset, stateWords);
            h = mix(fp);
        } else {
            h = hash(state, offset, stateWords);
        }
        Segment s = segments[(int) (h >>> (64 - SEGMENT_BITS))];
        long[] keys = s.keys;
        int kw = keyWords;
        for (int i = (int) h & s.mask; ; i = (i + 1) & s.mask) {
            int base = i * kw;
            int value = embedded ? (int) (keys[base + kw - 1] >>> 32) : s.values[i];
            if (value == 0) return ABSENT;
            if (compact ? keys[base] == fp : matches(keys, base, state, offset)) return value - 2;
        }
    }

    private boolean matches(long[] keys, int base, long[] state, int offset) {
        int last = keyWords - 1;
        for (int j = 0; j < last; j++) {
            if (keys[base + j] != state[offset + j]) return false;
        }
        long stored = keys[base + last];
        return (embedded ? stored & LOW32 : stored) == state[offset + last];
    }

    private void grow(Segment s) {
        int oldSlots = s.mask + 1;
        if (oldSlots >= (1 << 29) / keyWords) {
            throw new MemoryBudget.OutOfBudget("a segment of the visited set reached its maximum size");
        }
        int slots = oldSlots * 2;
        long bytes = slotBytes(slots);
        budget.reserve(bytes, "the visited set");
        long[] keys;
        int[] values;
        try {
            keys = new long[slots * keyWords];
            values = embedded ? null : new int[slots];
        } catch (OutOfMemoryError e) {
            budget.release(bytes);
            throw new MemoryBudget.OutOfBudget("the visited set (the heap is exhausted)");
        }
        long[] old = s.keys;
        int[] oldValues = s.values;
        int kw = keyWords;
        int mask = slots - 1;
        long[] probe = compact ? null : new long[kw];
        for (int i = 0; i < oldSlots; i++) {
            int base = i * kw;
            int value = embedded ? (int) (old[base + kw - 1] >>> 32) : oldValues[i];
            if (value == 0) continue;
            long h;
            if (compact) {
                h = mix(old[base]);
            } else {
                System.arraycopy(old, base, probe, 0, kw);
                if (embedded) probe[kw - 1] &= LOW32;
                h = hash(probe, 0, kw);
            }
            int j = (int) h & mask;
            while ((embedded ? keys[j * kw + kw - 1] >>> 32 : values[j]) != 0) j = (j + 1) & mask;
            System.arraycopy(old, base, keys, j * kw, kw);
            if (!embedded) values[j] = value;
        }
        s.keys = keys;
        s.values = values;
        s.mask = mask;
        s.limit = limitFor(slots);
        budget.release(slotBytes(oldSlots));
    }

    private static void lock(Segment s) {
        while (!LOCK.compareAndSet(s, 0, 1)) Thread.onSpinWait();
    }

    private static void unlock(Segment s) {
        LOCK.setRelease(s, 0);
    }

    /** Fast hash for exact storage; only its spread matters. */
    static long hash(long[] state, int offset, int words) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < words; i++) h = (h ^ state[offset + i]) * 0xBF58476D1CE4E5B9L + (h >>> 29);
        return mix(h);
    }

    /** A 64-bit fingerprint: every word goes through a full mixing round. */
    static long fingerprint(long[] state, int offset, int words) {
        long h = 0x6A09E667F3BCC909L;
        for (int i = 0; i < words; i++) h = mix(h ^ mix(state[offset + i] + 0x9E3779B97F4A7C15L * (i + 1)));
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
