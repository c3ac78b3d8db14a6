package twcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The visited set: open addressing (linear probing) over packed {@code long} words, no objects
 * per state. With every slot it keeps one 32-bit value, the state's parent link (the number of
 * the state it was first reached from). If the model leaves the top 32 bits of its last word
 * free, the value lives there and a slot costs exactly the state's words; otherwise it lives in a
 * parallel array of ints. In hash-compaction mode the key is a 64-bit fingerprint of the state
 * instead of the state.
 *
 * <p>The slots live outside the Java heap ({@link NativeMemory}): a segment that grows frees its
 * old slots at once (with several threads, as soon as no thread can be reading them; see
 * {@link #quiescent}), so the process holds
 * little more than the live table, where on the heap the collector kept as much again resident.
 * {@link #release} frees everything; a table nobody references any more is freed by a cleaner.
 *
 * <p>The table is split into {@value #SEGMENTS} segments chosen by the top bits of the hash, each
 * with its own slots and lock. A segment doubles on its own, so growing never needs a second copy
 * of the whole table (the transient cost is 1/{@value #SEGMENTS} of it); the slot is chosen by a
 * multiply-shift of the hash.
 *
 * <p>With several threads, a lookup first probes without the lock: slots are published with a
 * release store of the word that holds the value, and read with an acquire load, so a state seen
 * is a state fully written. Only when the state is absent (or its parent link may have to be
 * lowered) does the lookup take the segment's lock and probe again. A lookup may still be reading
 * a segment's old slots while another thread grows it; that is why old slots are freed only once
 * every thread has passed a point between lookups ({@link #quiescent}). Locks and counts sit on their own cache lines, so threads
 * working on different segments do not disturb each other.
 */
final class VisitedTable {
    /** {@link #insert} result: the state was not there and is now stored. */
    static final int NEW = -1;
    /** {@link #insert} result: the state was there already and keeps its parent. */
    static final int PRESENT = -2;
    /** {@link #parentOf} result for a state that is not stored. */
    static final int ABSENT = Integer.MIN_VALUE;
    /** In a numbered table, a stored value with this bit is a state number, not a parent link. */
    private static final int NUMBER_TAG = 0x8000_0000;

    /** Whether an {@link #insert} result is {@link #numberCode} of a state number. */
    static boolean isNumber(int result) {
        return result <= -3;
    }

    /** The state number in an {@link #insert} result for which {@link #isNumber} holds. */
    static int numberOf(int result) {
        return -3 - result;
    }

    private static int numberCode(int storedValue) {
        return -3 - (storedValue & ~NUMBER_TAG);
    }

    private static final int SEGMENT_BITS = 8;
    private static final int SEGMENTS = 1 << SEGMENT_BITS;
    private static final int INITIAL_SLOTS = 128;
    /** Slots of the largest segment (its key words stay addressable by an int slot number). */
    private static final int MAX_SLOTS = 1 << 30;
    private static final long LOW32 = 0xFFFF_FFFFL;
    /** Ints per cache line (and a bit): each segment's lock and count get a line of their own. */
    private static final int STRIDE = 32;
    private static final int MAX_STAMP_BITS = 8;
    private static final long USED = 1L << 63;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /**
     * One segment's slots: {@code keys} is the address of the key words, {@code values} that of
     * the ints (0 when values are embedded in the keys), both inside the block at {@code block}.
     * Replaced as a whole when the segment grows.
     */
    private static final class Slots {
        final long block;
        final long bytes;
        final long keys;
        final long values;
        final int slots;
        final int limit;

        Slots(long block, long bytes, long keys, long values, int slots) {
            this.block = block;
            this.bytes = bytes;
            this.keys = keys;
            this.values = values;
            this.slots = slots;
            this.limit = slots - (slots >>> 3); // maximum load 7/8
        }
    }

    private static final class Segment {
        volatile Slots slots;
    }

    /**
     * Every native block the table holds, so that they can be freed by {@link #release} or, if the
     * table is dropped without it, by the cleaner (which must not reference the table itself).
     */
    private static final class Blocks implements Runnable {
        private final long[] live = new long[SEGMENTS];
        /** Outgrown slots that a thread may still be probing, with the epoch of their retirement. */
        private final List<Retired> retired = new ArrayList<>();
        private final MemoryBudget budget;
        private boolean freed;

        private record Retired(Slots slots, long epoch) {
        }

        Blocks(MemoryBudget budget) {
            this.budget = budget;
        }

        /**
         * Records that {@code grown} replaced {@code old} (null for a new segment); the old slots are
         * freed now if {@code epoch} is negative, else kept until {@link #freeRetired} passes it.
         */
        synchronized void replace(int segment, Slots old, Slots grown, long epoch) {
            live[segment] = grown.block;
            if (old == null) return;
            if (epoch < 0) free(old);
            else retired.add(new Retired(old, epoch));
        }

        /** Frees the retired slots of epochs before {@code before}; returns how many are left. */
        synchronized int freeRetired(long before) {
            retired.removeIf(r -> {
                if (r.epoch() >= before) return false;
                free(r.slots());
                return true;
            });
            return retired.size();
        }

        private void free(Slots s) {
            assert poison(s);
            NativeMemory.free(s.block);
            budget.release(s.bytes);
        }

        /** With assertions on (tests), freed slots are first filled with ones, so that reading them shows. */
        private static boolean poison(Slots s) {
            NativeMemory.fill(s.block, s.bytes, (byte) -1);
            return true;
        }

        @Override
        public synchronized void run() {
            if (freed) return;
            freed = true;
            for (int g = 0; g < SEGMENTS; g++) {
                if (live[g] != 0) NativeMemory.free(live[g]);
                live[g] = 0;
            }
            for (Retired r : retired) NativeMemory.free(r.slots().block);
            retired.clear();
        }
    }

    private final int stateWords;
    private final boolean compact;
    /**
     * Exact storage whose states leave at least one high bit of the last word free but fewer than
     * 32: the top bit marks a used slot, the next free bits (up to {@value #MAX_STAMP_BITS}) hold a
     * stamp of the level that inserted the state, and the parent link lives in the values, read
     * only when the state is found and was (by its stamp) possibly inserted in this level.
     */
    private final boolean marked;
    /** The bits of the last key word that belong to the state (all of them unless marked). */
    private final long stateMask;
    private final int stampShift;
    private final long stampMask;
    /** The current level's stamp (marked mode), shifted into place and with the used mark. */
    private long levelMark;
    private final int keyWords;
    /** Bytes of one slot's key words. */
    private final int keyBytes;
    private final boolean embedded;
    private final boolean concurrent;
    /**
     * States of finished levels carry their state number instead of their parent link (see
     * {@link #assignNumbers}): the search then records the graph's edges by number.
     */
    private final boolean numbered;
    /**
     * Reclamation of outgrown slots with several threads: {@code epoch} counts retirements; each
     * thread announces, between lookups, the epoch it has seen ({@link #quiescent}), on a cache
     * line of its own; slots retired in an epoch every thread has announced since are unreachable.
     */
    private final AtomicLong epoch = new AtomicLong();
    private final AtomicLongArray announced;
    private volatile int retiredCount;
    private final int threads;
    private final MemoryBudget budget;
    private final Segment[] segments = new Segment[SEGMENTS];
    /** How often each segment grew (its slots moved); a locator is valid while this is unchanged. */
    private final int[] growths = new int[SEGMENTS];
    /** Where the high 32 bits of a slot's last key word are, from the word's address (byte order). */
    private static final int HIGH_HALF = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 4 : 0;
    /** Per segment, on its own cache line: [lock, count]. */
    private final int[] control = new int[SEGMENTS * STRIDE + STRIDE];
    private final Blocks blocks;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean released;

    /**
     * @param stateWords words per state
     * @param freeHighBits high bits of a state's last word that are always zero
     * @param compact store 64-bit fingerprints instead of states
     * @param threads how many threads use the table at once (each with its number, from 0, for
     *     {@link #quiescent})
     */
    VisitedTable(int stateWords, int freeHighBits, boolean compact, int threads, MemoryBudget budget) {
        this(stateWords, freeHighBits, compact, threads, budget, false);
    }

    /** @param numbered whether states get their number once their level is finished ({@link #assignNumbers}) */
    VisitedTable(int stateWords, int freeHighBits, boolean compact, int threads, MemoryBudget budget,
            boolean numbered) {
        this.numbered = numbered;
        this.stateWords = stateWords;
        this.compact = compact;
        this.keyWords = compact ? 1 : stateWords;
        this.keyBytes = 8 * keyWords;
        this.embedded = !compact && freeHighBits >= 32;
        this.marked = !compact && !embedded && freeHighBits >= 1;
        int stampBits = marked ? Math.min(MAX_STAMP_BITS, freeHighBits - 1) : 0;
        this.stampShift = 63 - stampBits;
        this.stampMask = stampBits == 0 ? 0 : ((1L << stampBits) - 1) << stampShift;
        this.stateMask = marked ? ~(-1L << (64 - freeHighBits)) : -1L;
        this.levelMark = USED;
        this.threads = threads;
        this.concurrent = threads > 1;
        this.announced = new AtomicLongArray(threads * STRIDE / 2);
        this.budget = budget;
        this.blocks = new Blocks(budget);
        this.cleanable = CLEANER.register(this, blocks);
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = new Segment();
            s.slots = allocate(INITIAL_SLOTS);
            blocks.replace(i, null, s.slots, -1);
            segments[i] = s;
        }
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
     * needs no look at its parent link; and slots that segments outgrew are freed.
     */
    void beginLevel() {
        retiredCount = blocks.freeRetired(Long.MAX_VALUE);
        if (!marked) return;
        long next = ((levelMark & stampMask) + (1L << stampShift)) & stampMask;
        levelMark = USED | next;
    }

    /**
     * Called by thread {@code thread} between lookups (it holds nothing read from the table): it
     * will see every segment grown so far, so slots retired before now are unreachable from it,
     * and those that no thread can reach any more are freed.
     */
    void quiescent(int thread) {
        if (!concurrent) return;
        announced.set(thread * STRIDE / 2, epoch.get());
        if (retiredCount == 0) return;
        long oldest = Long.MAX_VALUE;
        for (int t = 0; t < threads; t++) oldest = Math.min(oldest, announced.get(t * STRIDE / 2));
        // A hint only: a retirement racing with this store is freed at a later call or level.
        retiredCount = blocks.freeRetired(oldest);
    }

    /**
     * Frees the table's memory. The table must not be used afterwards ({@link #parentOf} throws); call it
     * when no insertion runs.
     */
    void release() {
        released = true;
        cleanable.clean();
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
        return NativeMemory.getLong(t.keys + (long) slotOf(h, t.slots) * keyBytes);
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
     *     was replaced; in a numbered table, a state of a finished level gives the {@link #numberCode}
     *     of its number ({@link #isNumber}), and {@link #PRESENT} only a state found in this level
     */
    int insert(long[] state, int offset, int parent, int levelStart) {
        return insert(state, offset, keyHash(state, offset), parent, levelStart);
    }

    /** {@link #insert(long[], int, int, int)} with the key's hash already computed. */
    int insert(long[] state, int offset, long keyHash, int parent, int levelStart) {
        return insert(state, offset, keyHash, parent, levelStart, null);
    }

    /**
     * As above; when the state is stored or its parent link lowered, {@code where[0]} (if
     * {@code where} is not null) gets the slot's {@linkplain #setNumberAt locator}.
     */
    int insert(long[] state, int offset, long keyHash, int parent, int levelStart, long[] where) {
        long h = compact ? mix(keyHash) : keyHash;
        int g = (int) (h >>> (64 - SEGMENT_BITS));
        Segment s = segments[g];
        if (!concurrent) return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart, where);
        // Optimistic probe without the lock: most lookups find a state stored in an earlier level.
        Slots t = s.slots;
        long keys = t.keys;
        int kb = keyBytes;
        int slots = t.slots;
        if (marked) {
            long mark = levelMark;
            for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
                long at = keys + (long) i * kb;
                long last = NativeMemory.getLongAcquire(at + kb - 8);
                if (last == 0) break;
                if (matches(at, state, offset)) {
                    if (!numbered && (last & stampMask) != (mark & stampMask)) return PRESENT;
                    int value = NativeMemory.getIntAcquire(t.values + 4L * i);
                    if (value < 0) return numberCode(value);
                    int old = value - 2;
                    if (old >= levelStart && old > parent) break;
                    return PRESENT;
                }
            }
        } else for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            long at = keys + (long) i * kb;
            int value = embedded ? (int) (NativeMemory.getLongAcquire(at + kb - 8) >>> 32)
                    : NativeMemory.getIntAcquire(t.values + 4L * i);
            if (value == 0) break;
            if (compact ? NativeMemory.getLong(at) == keyHash : matches(at, state, offset)) {
                if (value < 0) return numberCode(value);
                int old = value - 2;
                if (old >= levelStart && old > parent) break;
                return PRESENT;
            }
        }
        int lock = g * STRIDE + STRIDE;
        while (!INTS.compareAndSet(control, lock, 0, 1)) Thread.onSpinWait();
        try {
            return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart, where);
        } finally {
            INTS.setRelease(control, lock, 0);
        }
    }

    private int insertLocked(Segment s, int g, long[] state, int offset, long fp, long h, int parent,
            int levelStart, long[] where) {
        int count = g * STRIDE + STRIDE + 1;
        Slots t = s.slots;
        if (control[count] >= t.limit) t = grow(s, g);
        long keys = t.keys;
        long values = t.values;
        int slots = t.slots;
        int kb = keyBytes;
        int stored = parent + 2; // 0 marks a free slot; parents are at least -1
        if (marked) {
            long mark = levelMark;
            for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
                long at = keys + (long) i * kb;
                long last = NativeMemory.getLong(at + kb - 8);
                if (last == 0) {
                    for (int j = 0; j < keyWords - 1; j++) NativeMemory.putLong(at + 8L * j, state[offset + j]);
                    NativeMemory.putInt(values + 4L * i, stored);
                    NativeMemory.putLongRelease(at + kb - 8, state[offset + keyWords - 1] | mark);
                    control[count]++;
                    if (where != null) where[0] = locator(g, i);
                    return NEW;
                }
                if (matches(at, state, offset)) {
                    if (!numbered && (last & stampMask) != (mark & stampMask)) return PRESENT;
                    int value = NativeMemory.getInt(values + 4L * i);
                    if (value < 0) return numberCode(value);
                    int old = value - 2;
                    if (old >= levelStart && old > parent) {
                        NativeMemory.putIntRelease(values + 4L * i, stored);
                        if (where != null) where[0] = locator(g, i);
                        return old;
                    }
                    return PRESENT;
                }
            }
        }
        for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            long at = keys + (long) i * kb;
            int value = embedded ? (int) (NativeMemory.getLong(at + kb - 8) >>> 32) : NativeMemory.getInt(values + 4L * i);
            if (value == 0) {
                if (compact) {
                    NativeMemory.putLong(at, fp);
                    NativeMemory.putIntRelease(values + 4L * i, stored);
                } else {
                    for (int j = 0; j < keyWords - 1; j++) NativeMemory.putLong(at + 8L * j, state[offset + j]);
                    long last = state[offset + keyWords - 1];
                    if (embedded) {
                        NativeMemory.putLongRelease(at + kb - 8, last | ((long) stored << 32));
                    } else {
                        NativeMemory.putLong(at + kb - 8, last);
                        NativeMemory.putIntRelease(values + 4L * i, stored);
                    }
                }
                control[count]++;
                if (where != null) where[0] = locator(g, i);
                return NEW;
            }
            if (compact ? NativeMemory.getLong(at) == fp : matches(at, state, offset)) {
                if (value < 0) return numberCode(value);
                int old = value - 2;
                if (old >= levelStart && old > parent) {
                    if (embedded) {
                        long word = NativeMemory.getLong(at + kb - 8);
                        NativeMemory.putLongRelease(at + kb - 8, (word & LOW32) | ((long) stored << 32));
                    } else {
                        NativeMemory.putIntRelease(values + 4L * i, stored);
                    }
                    if (where != null) where[0] = locator(g, i);
                    return old;
                }
                return PRESENT;
            }
        }
    }

    /**
     * The parent link stored with the state, or {@link #ABSENT}; in a numbered table, the state's
     * number once its level is finished. Not for use during insertions.
     */
    int parentOf(long[] state, int offset) {
        return decoded(storedValue(state, offset, keyHash(state, offset), -1));
    }

    /** What {@link #parentOf} says of a stored value (0: absent). */
    private static int decoded(int value) {
        return value == 0 ? ABSENT : value < 0 ? value & ~NUMBER_TAG : value - 2;
    }

    /**
     * The hashes of {@code count} states into {@code hashes[0..count)}, their home slots loaded (to
     * overlap the misses); {@code hashes[count]} gets the sum of the words loaded, so that the loads
     * are not optimised away (each thread passes its own array).
     */
    private void loadSlots(long[] states, int count, long[] hashes) {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            hashes[i] = keyHash(states, i * stateWords);
            sum += touch(hashes[i]);
        }
        hashes[count] = sum;
    }

    /**
     * Gives {@code count} stored states, at {@code states[0..count*stateWords)}, their numbers in
     * place of their parent links, the i-th {@code numbers[i]} (numbered tables only); their slots
     * are loaded first, so that the misses overlap. Call between levels, while no insertion runs;
     * several threads may number different states at once.
     */
    void assignNumbers(long[] states, int count, int[] numbers, long[] hashes) {
        if (!numbered) throw new IllegalStateException("not a numbered table");
        loadSlots(states, count, hashes);
        for (int i = 0; i < count; i++) {
            if (storedValue(states, i * stateWords, hashes[i], numbers[i] | NUMBER_TAG) == 0) {
                throw new IllegalStateException("numbering a state that is not stored");
            }
        }
    }

    /** {@link #parentOf} for {@code count} states at once (their slots loaded first), into {@code out}. */
    void parentsOf(long[] states, int count, int[] out, long[] hashes) {
        loadSlots(states, count, hashes);
        for (int i = 0; i < count; i++) out[i] = decoded(storedValue(states, i * stateWords, hashes[i], -1));
    }

    /** Where a state is stored: its segment, the segment's growth count then, and its slot. */
    private long locator(int g, int slot) {
        return (long) g << 56 | LOCATOR | (long) (growths[g] & 0x7F_FFFF) << 32 | slot;
    }

    /** Set in every locator, so that an entry without one (0) is never taken for slot 0. */
    private static final long LOCATOR = 1L << 55;

    /**
     * Gives the state stored at {@code locator} (from {@link #insert}) its number, with one store and
     * no lookup, unless its segment grew since (then the slots moved and this returns false: use
     * {@link #assignNumbers}). Numbered tables only; between levels, while no insertion runs.
     */
    boolean setNumberAt(long locator, int number) {
        if ((locator & LOCATOR) == 0) return false;
        int g = (int) (locator >>> 56);
        if ((int) (locator >>> 32 & 0x7F_FFFF) != (growths[g] & 0x7F_FFFF)) return false;
        Slots t = segments[g].slots;
        int slot = (int) locator;
        int tagged = number | NUMBER_TAG;
        if (embedded) NativeMemory.putInt(t.keys + (long) slot * keyBytes + keyBytes - 8 + HIGH_HALF, tagged);
        else NativeMemory.putInt(t.values + 4L * slot, tagged);
        return true;
    }

    /** The stored value of the state (0 if absent); if {@code replacement} is not -1, it is stored instead. */
    private int storedValue(long[] state, int offset, long fp, int replacement) {
        if (released) throw new IllegalStateException("the visited set was released");
        long h = compact ? mix(fp) : fp;
        Slots t = segments[(int) (h >>> (64 - SEGMENT_BITS))].slots;
        int kb = keyBytes;
        int slots = t.slots;
        for (int i = slotOf(h, slots); ; i = i + 1 == slots ? 0 : i + 1) {
            long at = t.keys + (long) i * kb;
            boolean found;
            int value;
            if (marked) {
                if (NativeMemory.getLong(at + kb - 8) == 0) return 0;
                found = matches(at, state, offset);
                value = found ? NativeMemory.getInt(t.values + 4L * i) : 0;
            } else {
                value = embedded ? (int) (NativeMemory.getLong(at + kb - 8) >>> 32) : NativeMemory.getInt(t.values + 4L * i);
                if (value == 0) return 0;
                found = compact ? NativeMemory.getLong(at) == fp : matches(at, state, offset);
            }
            if (!found) continue;
            if (replacement != -1) {
                if (embedded) {
                    long word = NativeMemory.getLong(at + kb - 8);
                    NativeMemory.putLong(at + kb - 8, (word & LOW32) | ((replacement & LOW32) << 32));
                } else {
                    NativeMemory.putInt(t.values + 4L * i, replacement);
                }
            }
            return value;
        }
    }

    /** Whether the key words at {@code at} are the state's (ignoring a slot's mark, stamp or value bits). */
    private boolean matches(long at, long[] state, int offset) {
        int last = keyWords - 1;
        for (int j = 0; j < last; j++) {
            if (NativeMemory.getLong(at + 8L * j) != state[offset + j]) return false;
        }
        long stored = NativeMemory.getLong(at + 8L * last);
        return (embedded ? stored & LOW32 : stored & stateMask) == state[offset + last];
    }

    /** A zeroed segment of {@code slots} slots, accounted to the budget. */
    private Slots allocate(int slots) {
        long keyArea = (long) slots * keyBytes;
        long bytes = keyArea + (embedded ? 0 : 4L * slots);
        budget.reserve(bytes, "the visited set");
        long block;
        try {
            block = NativeMemory.allocateZeroed(bytes);
        } catch (OutOfMemoryError e) {
            budget.release(bytes);
            throw new MemoryBudget.OutOfBudget("the visited set (the system has no memory left)");
        }
        return new Slots(block, bytes, block, embedded ? 0 : block + keyArea, slots);
    }

    /**
     * Doubles a segment (its lock held): the only copy made is of this one segment. Its old slots
     * are freed at once with one thread; with several, another thread may still be probing them
     * without the lock, so they are retired and freed by {@link #quiescent} or {@link #beginLevel}.
     */
    private Slots grow(Segment s, int g) {
        Slots old = s.slots;
        if (old.slots >= MAX_SLOTS / keyWords) {
            throw new MemoryBudget.OutOfBudget("a segment of the visited set at its maximum size");
        }
        int slots = old.slots * 2;
        Slots grown = allocate(slots);
        int kb = keyBytes;
        int kw = keyWords;
        long[] probe = compact ? null : new long[kw];
        for (int i = 0; i < old.slots; i++) {
            long from = old.keys + (long) i * kb;
            if (!occupied(old, i)) continue;
            long h;
            if (compact) {
                h = mix(NativeMemory.getLong(from));
            } else {
                for (int j = 0; j < kw; j++) probe[j] = NativeMemory.getLong(from + 8L * j);
                if (embedded) probe[kw - 1] &= LOW32;
                if (marked) probe[kw - 1] &= stateMask;
                h = hash(probe, 0, kw);
            }
            int j = slotOf(h, slots);
            while (occupied(grown, j)) j = j + 1 == slots ? 0 : j + 1;
            long to = grown.keys + (long) j * kb;
            for (int w = 0; w < kw; w++) NativeMemory.putLong(to + 8L * w, NativeMemory.getLong(from + 8L * w));
            if (!embedded) NativeMemory.putInt(grown.values + 4L * j, NativeMemory.getInt(old.values + 4L * i));
        }
        s.slots = grown;
        growths[g]++;
        if (concurrent) {
            // A thread that announces an epoch after this one reads the grown slots from then on.
            blocks.replace(g, old, grown, epoch.getAndIncrement());
            retiredCount = 1;
        } else {
            blocks.replace(g, old, grown, -1);
        }
        return grown;
    }

    private boolean occupied(Slots t, int i) {
        long lastWord = NativeMemory.getLong(t.keys + (long) i * keyBytes + keyBytes - 8);
        if (embedded) return (lastWord >>> 32) != 0;
        if (marked) return lastWord != 0;
        return NativeMemory.getInt(t.values + 4L * i) != 0;
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
