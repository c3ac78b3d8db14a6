package twcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The visited set: open addressing (linear probing) over packed {@code long} words, no objects
 * per state. With every slot it keeps one 32-bit value, the state's parent link (the number of
 * the state it was first reached from). If the model leaves the top 32 bits of its last word
 * free, the value lives there and a slot costs exactly the state's words; otherwise it lives in a
 * parallel {@code int[]}. In hash-compaction mode the key is a 64-bit fingerprint of the state
 * instead of the state.
 *
 * <p>The table is split into {@value #SEGMENTS} segments chosen by the top bits of the hash, each
 * with its own arrays and lock. A segment doubles on its own, so growing never needs a second
 * copy of the whole table (the transient cost is 1/{@value #SEGMENTS} of it). Slot counts make
 * each array just under a power of two bytes, so that an array and its header fill whole heap
 * regions; the slot is chosen by a multiply-shift of the hash.
 *
 * <p>With several threads, a lookup first probes without the lock: slots are published with a
 * release store of the word that holds the value, and read with an acquire load, so a state seen
 * is a state fully written. Only when the state is absent (or its parent link may have to be
 * lowered) does the lookup take the segment's lock and probe again. Locks and counts sit on
 * their own cache lines, so threads working on different segments do not disturb each other.
 */
final class VisitedTable {
    /** {@link #insert} result: the state was not there and is now stored. */
    static final int NEW = -1;
    /** {@link #insert} result: the state was there already and keeps its parent. */
    static final int PRESENT = -2;
    /** {@link #parentOf} result for a state that is not stored. */
    static final int ABSENT = Integer.MIN_VALUE;

    private static final int SEGMENT_BITS = 8;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final long LOW32 = 0xFFFF_FFFFL;
    /** Ints per cache line (and a bit): each segment's lock and count get a line of their own. */
    private static final int STRIDE = 32;
    private static final int MAX_STAMP_BITS = 8;
    private static final long USED = 1L << 63;

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** One segment's arrays; replaced as a whole when the segment grows. */
    private static final class Slots {
        final long[] keys;
        final int[] values; // null when values are embedded in the keys
        final int slots;
        final int limit;

        Slots(long[] keys, int[] values, int slots) {
            this.keys = keys;
            this.values = values;
            this.slots = slots;
            this.limit = slots - (slots >>> 3); // maximum load 7/8
        }
    }

    private static final class Segment {
        volatile Slots slots;
    }

    private final int stateWords;
    private final boolean compact;
    /**
     * Exact storage whose states leave at least one high bit of the last word free but fewer than
     * 32: the top bit marks a used slot, the next free bits (up to {@value #MAX_STAMP_BITS}) hold a
     * stamp of the level that inserted the state, and the parent link lives in {@code values},
     * read only when the state is found and was (by its stamp) possibly inserted in this level.
     */
    private final boolean marked;
    /** The bits of the last key word that belong to the state (all of them unless marked). */
    private final long stateMask;
    private final int stampShift;
    private final long stampMask;
    /** The current level's stamp (marked mode), shifted into place and with the used mark. */
    private long levelMark;
    private final int keyWords;
    private final boolean embedded;
    private final boolean concurrent;
    private final MemoryBudget budget;
    private final Segment[] segments = new Segment[SEGMENTS];
    /** Per segment, on its own cache line: [lock, count]. */
    private final int[] control = new int[SEGMENTS * STRIDE + STRIDE];

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
        this.marked = !compact && !embedded && freeHighBits >= 1;
        int stampBits = marked ? Math.min(MAX_STAMP_BITS, freeHighBits - 1) : 0;
        this.stampShift = 63 - stampBits;
        this.stampMask = stampBits == 0 ? 0 : ((1L << stampBits) - 1) << stampShift;
        this.stateMask = marked ? ~(-1L << (64 - freeHighBits)) : -1L;
        this.levelMark = USED;
        this.concurrent = concurrent;
        this.budget = budget;
        int initial = (int) ((1024 - 32) / slotBytes());
        budget.reserve(SEGMENTS * slotBytes() * initial, "the visited set");
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = new Segment();
            s.slots = new Slots(new long[initial * keyWords], embedded ? null : new int[initial], initial);
            segments[i] = s;
        }
    }

    /** Whether parent links live in a separate {@code int[]}. */
    private boolean values() {
        return compact || !embedded;
    }

    /** Bytes per slot. */
    long slotBytes() {
        return 8L * keyWords + (embedded ? 0 : 4);
    }

    /** Number of stored states (exact when no insertion is running). */
    long size() {
        long n = 0;
        for (int g = 0; g < SEGMENTS; g++) n += control[g * STRIDE + STRIDE + 1];
        return n;
    }

    /**
     * Starts a new level of insertions (call between levels, while no insertion runs): states
     * inserted from now on get a new stamp, so that finding a state stored in an earlier level
     * needs no look at its parent link.
     */
    void beginLevel() {
        if (!marked) return;
        long next = ((levelMark & stampMask) + (1L << stampShift)) & stampMask;
        levelMark = USED | next;
    }

    /** Total slots, for statistics. */
    long capacity() {
        long n = 0;
        for (Segment s : segments) n += s.slots.slots;
        return n;
    }

    /** The key's hash: the state's hash, or in hash-compaction mode its fingerprint. */
    long keyHash(long[] state, int offset) {
        return compact ? fingerprint(state, offset, stateWords) : hash(state, offset, stateWords);
    }

    /**
     * Loads the slot where the key of hash {@code keyHash} would start probing, so that the
     * processor fetches it early; returns a value of no meaning (use it so it is not optimised
     * away). Call it for a batch of keys before inserting them, to overlap the cache misses.
     */
    long touch(long keyHash) {
        long h = compact ? mix(keyHash) : keyHash;
        Slots t = segments[(int) (h >>> (64 - SEGMENT_BITS))].slots;
        return t.keys[slotOf(h, t.slots) * keyWords];
    }

    private static int slotOf(long h, int slots) {
        return (int) (((h & LOW32) * slots) >>> 32);
    }

    /**
     * Adds the state at {@code state[offset...]} with parent link {@code parent}, unless present.
     * If present with a parent link at least {@code levelStart} (so it was found while expanding
     * the current level) and larger than {@code parent}, the link is lowered to {@code parent}, so
     * that the smallest parent wins whatever the order of the threads.
     *
     * @return {@link #NEW}, {@link #PRESENT}, or (at least 0) the previous, larger parent link that
     *     was replaced
     */
    int insert(long[] state, int offset, int parent, int levelStart) {
        return insert(state, offset, keyHash(state, offset), parent, levelStart);
    }

    /** {@link #insert(long[], int, int, int)} with the key's hash already computed. */
    int insert(long[] state, int offset, long keyHash, int parent, int levelStart) {
        long h = compact ? mix(keyHash) : keyHash;
        int g = (int) (h >>> (64 - SEGMENT_BITS));
        Segment s = segments[g];
        if (!concurrent) return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart);
        // Optimistic probe without the lock: most lookups find a state stored in an earlier level.
        Slots t = s.slots;
        long[] keys = t.keys;
        int kw = keyWords;
        int slots = t.slots;
        if (marked) {
            long mark = levelMark;
            for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
                int base = i * kw;
                long last = (long) LONGS.getAcquire(keys, base + kw - 1);
                if (last == 0) break;
                if (matches(keys, base, state, offset)) {
                    if ((last & stampMask) != (mark & stampMask)) return PRESENT;
                    int old = (int) INTS.getAcquire(t.values, i) - 2;
                    if (old >= levelStart && old > parent) break;
                    return PRESENT;
                }
            }
        } else for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            int base = i * kw;
            int value = embedded ? (int) ((long) LONGS.getAcquire(keys, base + kw - 1) >>> 32)
                    : (int) INTS.getAcquire(t.values, i);
            if (value == 0) break;
            if (compact ? keys[base] == keyHash : matches(keys, base, state, offset)) {
                int old = value - 2;
                if (old >= levelStart && old > parent) break;
                return PRESENT;
            }
        }
        int lock = g * STRIDE + STRIDE;
        while (!INTS.compareAndSet(control, lock, 0, 1)) Thread.onSpinWait();
        try {
            return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart);
        } finally {
            INTS.setRelease(control, lock, 0);
        }
    }

    private int insertLocked(Segment s, int g, long[] state, int offset, long fp, long h, int parent,
            int levelStart) {
        int count = g * STRIDE + STRIDE + 1;
        Slots t = s.slots;
        if (control[count] >= t.limit) t = grow(s);
        long[] keys = t.keys;
        int[] values = t.values;
        int slots = t.slots;
        int kw = keyWords;
        int stored = parent + 2; // 0 marks a free slot; parents are at least -1
        if (marked) {
            long mark = levelMark;
            for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
                int base = i * kw;
                long last = keys[base + kw - 1];
                if (last == 0) {
                    for (int j = 0; j < kw - 1; j++) keys[base + j] = state[offset + j];
                    values[i] = stored;
                    LONGS.setRelease(keys, base + kw - 1, state[offset + kw - 1] | mark);
                    control[count]++;
                    return NEW;
                }
                if (matches(keys, base, state, offset)) {
                    if ((last & stampMask) != (mark & stampMask)) return PRESENT;
                    int old = values[i] - 2;
                    if (old >= levelStart && old > parent) {
                        INTS.setRelease(values, i, stored);
                        return old;
                    }
                    return PRESENT;
                }
            }
        }
        for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            int base = i * kw;
            int value = embedded ? (int) (keys[base + kw - 1] >>> 32) : values[i];
            if (value == 0) {
                if (compact) {
                    keys[base] = fp;
                    INTS.setRelease(values, i, stored);
                } else {
                    for (int j = 0; j < kw - 1; j++) keys[base + j] = state[offset + j];
                    if (embedded) {
                        LONGS.setRelease(keys, base + kw - 1, state[offset + kw - 1] | ((long) stored << 32));
                    } else {
                        keys[base + kw - 1] = state[offset + kw - 1];
                        INTS.setRelease(values, i, stored);
                    }
                }
                control[count]++;
                return NEW;
            }
            if (compact ? keys[base] == fp : matches(keys, base, state, offset)) {
                int old = value - 2;
                if (old >= levelStart && old > parent) {
                    if (embedded) {
                        LONGS.setRelease(keys, base + kw - 1, (keys[base + kw - 1] & LOW32) | ((long) stored << 32));
                    } else {
                        INTS.setRelease(values, i, stored);
                    }
                    return old;
                }
                return PRESENT;
            }
        }
    }

    /** The parent link stored with the state, or {@link #ABSENT}. Not for use during insertions. */
    int parentOf(long[] state, int offset) {
        long fp = keyHash(state, offset);
        long h = compact ? mix(fp) : fp;
        Slots t = segments[(int) (h >>> (64 - SEGMENT_BITS))].slots;
        long[] keys = t.keys;
        int kw = keyWords;
        int slots = t.slots;
        for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            int base = i * kw;
            if (marked) {
                if (keys[base + kw - 1] == 0) return ABSENT;
                if (matches(keys, base, state, offset)) return t.values[i] - 2;
                continue;
            }
            int value = embedded ? (int) (keys[base + kw - 1] >>> 32) : t.values[i];
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
        return (embedded ? stored & LOW32 : stored & stateMask) == state[offset + last];
    }

    /** Doubles a segment (its lock held): the only copy made is of this one segment. */
    private Slots grow(Segment s) {
        Slots old = s.slots;
        if (old.slots >= (1 << 29) / keyWords) {
            throw new MemoryBudget.OutOfBudget("a segment of the visited set at its maximum size");
        }
        int slots = grownSlots(old.slots);
        long bytes = slots * slotBytes();
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
        int kw = keyWords;
        long[] probe = compact ? null : new long[kw];
        for (int i = 0; i < old.slots; i++) {
            int base = i * kw;
            int value = embedded ? (int) (old.keys[base + kw - 1] >>> 32)
                    : marked ? (old.keys[base + kw - 1] == 0 ? 0 : old.values[i]) : old.values[i];
            if (value == 0) continue;
            long h;
            if (compact) {
                h = mix(old.keys[base]);
            } else {
                System.arraycopy(old.keys, base, probe, 0, kw);
                if (embedded) probe[kw - 1] &= LOW32;
                if (marked) probe[kw - 1] &= stateMask;
                h = hash(probe, 0, kw);
            }
            int j = slotOf(h, slots);
            while ((embedded ? keys[j * kw + kw - 1] >>> 32 : marked ? keys[j * kw + kw - 1] : values[j]) != 0) {
                j = j + 1 == slots ? 0 : j + 1;
            }
            System.arraycopy(old.keys, base, keys, j * kw, kw);
            if (!embedded) values[j] = value;
        }
        Slots grown = new Slots(keys, values, slots);
        s.slots = grown;
        budget.release(old.slots * slotBytes());
        return grown;
    }

    /**
     * Twice as many slots, rounded so that the arrays take just under a power of two bytes: an
     * array and its 16-byte header then fill whole heap regions instead of spilling into one more.
     * (Growing by 1.5 instead keeps the final table fuller, but under G1 the extra discarded
     * segments raised the peak RSS in our measurements, so doubling stays.)
     */
    private int grownSlots(int oldSlots) {
        // With the parent links in a separate int[], the key array alone is sized to a power of
        // two bytes (the int[] is then half that): a key array spilling just past a heap region
        // into a humongous allocation of its own would waste the rest of that region.
        long per = values() ? 8L * keyWords : slotBytes();
        long bytes = Long.highestOneBit(oldSlots * per * 2 - 1) << 1;
        int slots = (int) ((bytes - 32) / per);
        if (slots <= oldSlots) throw new IllegalStateException("a segment did not grow");
        return slots;
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
