package twcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;

/**
 * The visited set: open addressing (linear probing) over packed {@code long} words, no objects
 * per state. With every slot it keeps one 32-bit value, the state's parent link (the number of
 * the state it was first reached from). If the model leaves the top 32 bits of its last word
 * free, the value lives there and a slot costs exactly the state's words; otherwise it lives in a
 * parallel array of ints. In hash-compaction mode the key is a 64-bit fingerprint of the state
 * instead of the state. {@link SlotLayout} has the layouts and the probe.
 *
 * <p>The slots live outside the Java heap ({@link NativeMemory}): a segment that grows frees its
 * old slots at once (with several threads, as soon as no thread can be reading them; see
 * {@link EpochReclamation}), so the process holds little more than the live table, where on the
 * heap the collector kept as much again resident. {@link #release} frees everything; a table
 * nobody references any more is freed by a cleaner.
 *
 * <p>The table is split into {@value #SEGMENTS} segments chosen by the top bits of the hash, each
 * with its own slots and lock. A segment doubles on its own, so growing never needs a second copy
 * of the whole table (the transient cost is 1/{@value #SEGMENTS} of it); the slot is chosen by a
 * multiply-shift of the hash.
 *
 * <p>With several threads, a lookup first probes without the lock: slots are published with a
 * release store of the word that says they are used, and read with an acquire load, so a state
 * seen is a state fully written. Only when the state is absent (or its parent link may have to be
 * lowered) does the lookup take the segment's lock and probe again. A lookup may still be reading
 * a segment's old slots while another thread grows it; that is why old slots are freed only once
 * every thread has passed a point between lookups ({@link #quiescent}). Locks and counts sit on
 * their own cache lines, so threads working on different segments do not disturb each other.
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
    private static final Cleaner CLEANER = Cleaner.create();
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    private static final class Segment {
        volatile SlotLayout.Slots slots;
    }

    private final int stateWords;
    private final SlotLayout layout;
    private final boolean marked;
    private final long stampMask;
    /** The current level's mark (marked layout): its stamp, shifted into place, and the used bit. */
    private long levelMark = SlotLayout.firstMark();
    private final boolean concurrent;
    /**
     * States of finished levels carry their state number instead of their parent link (see
     * {@link #assignNumbers}): the search then records the graph's edges by number.
     */
    private final boolean numbered;
    private final MemoryBudget budget;
    private final Segment[] segments = new Segment[SEGMENTS];
    /** How often each segment grew (its slots moved); a locator is valid while this is unchanged. */
    private final int[] growths = new int[SEGMENTS];
    /** Per segment, on its own cache line: [lock, count]. */
    private final int[] control = new int[SEGMENTS * STRIDE + STRIDE];
    private final EpochReclamation reclamation;
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
        this.layout = new SlotLayout(stateWords, freeHighBits, compact);
        this.marked = layout.marked;
        this.stampMask = layout.stampMask;
        this.concurrent = threads > 1;
        this.budget = budget;
        this.reclamation = new EpochReclamation(SEGMENTS, threads, budget);
        this.cleanable = CLEANER.register(this, reclamation);
        for (int i = 0; i < SEGMENTS; i++) {
            Segment s = new Segment();
            s.slots = allocate(INITIAL_SLOTS);
            reclamation.created(i, s.slots);
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
        reclamation.freeRetired();
        levelMark = layout.nextMark(levelMark);
    }

    /**
     * Called by thread {@code thread} between lookups (it holds nothing read from the table): it
     * will see every segment grown so far, so slots retired before now are unreachable from it,
     * and those that no thread can reach any more are freed.
     */
    void quiescent(int thread) {
        reclamation.quiescent(thread);
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
        return layout.keyHash(state, offset);
    }

    /**
     * Loads the slot where the key of hash {@code keyHash} would start probing, so that the
     * processor fetches it early; returns a value of no meaning (use it so it is not optimised
     * away). Call it for a batch of keys before inserting them, to overlap the cache misses.
     */
    long touch(long keyHash) {
        long h = layout.placement(keyHash);
        SlotLayout.Slots t = segments[segmentOf(h)].slots;
        return NativeMemory.getLong(t.keys + (long) slotOf(h, t.slots) * layout.keyBytes);
    }

    private static int segmentOf(long h) {
        return (int) (h >>> (64 - SEGMENT_BITS));
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
        return insert(state, offset, keyHash(state, offset), parent, levelStart, null);
    }

    /**
     * As above, with the key's hash already computed; when the state is stored or its parent link
     * lowered, {@code where[0]} (if {@code where} is not null) gets the slot's
     * {@linkplain #setNumberAt locator}.
     */
    int insert(long[] state, int offset, long keyHash, int parent, int levelStart, long[] where) {
        long h = layout.placement(keyHash);
        int g = segmentOf(h);
        Segment s = segments[g];
        if (!concurrent) return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart, where);
        // Optimistic probe without the lock: most lookups find a state stored in an earlier level.
        SlotLayout.Slots t = s.slots;
        int i = layout.probe(t, slotOf(h, t.slots), state, offset, keyHash, true);
        if (i >= 0) {
            int r = found(t, i, parent, levelStart, true);
            if (r < 0) return r;
        }
        int lock = g * STRIDE + STRIDE;
        while (!INTS.compareAndSet(control, lock, 0, 1)) Thread.onSpinWait();
        try {
            return insertLocked(s, g, state, offset, keyHash, h, parent, levelStart, where);
        } finally {
            INTS.setRelease(control, lock, 0);
        }
    }

    /**
     * What {@link #insert} makes of a state found in slot {@code i}: {@link #PRESENT}, the
     * {@link #numberCode} of its number, or (at least 0) its parent link if that is to be lowered
     * to {@code parent}. In the marked layout, a state stamped by an earlier level is present
     * without a look at its value.
     */
    private int found(SlotLayout.Slots t, int i, int parent, int levelStart, boolean acquire) {
        if (marked && !numbered && (layout.lastWord(t, i) & stampMask) != (levelMark & stampMask)) return PRESENT;
        int value = layout.value(t, i, acquire);
        if (value < 0) return numberCode(value);
        int old = value - 2;
        return old >= levelStart && old > parent ? old : PRESENT;
    }

    private int insertLocked(Segment s, int g, long[] state, int offset, long fp, long h, int parent,
            int levelStart, long[] where) {
        int count = g * STRIDE + STRIDE + 1;
        SlotLayout.Slots t = s.slots;
        if (control[count] >= t.limit) t = grow(s, g);
        int stored = parent + 2; // 0 marks a free slot; parents are at least -1
        int i = layout.probe(t, slotOf(h, t.slots), state, offset, fp, false);
        if (i < 0) {
            i = -1 - i;
            layout.store(t, i, state, offset, fp, stored, levelMark);
            control[count]++;
            if (where != null) where[0] = locator(g, i);
            return NEW;
        }
        int r = found(t, i, parent, levelStart, false);
        if (r >= 0) {
            layout.replaceValueRelease(t, i, stored);
            if (where != null) where[0] = locator(g, i);
        }
        return r;
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
        layout.replaceValue(segments[g].slots, (int) locator, number | NUMBER_TAG);
        return true;
    }

    /** The stored value of the state (0 if absent); if {@code replacement} is not -1, it is stored instead. */
    private int storedValue(long[] state, int offset, long fp, int replacement) {
        if (released) throw new IllegalStateException("the visited set was released");
        long h = layout.placement(fp);
        SlotLayout.Slots t = segments[segmentOf(h)].slots;
        int i = layout.probe(t, slotOf(h, t.slots), state, offset, fp, false);
        if (i < 0) return 0;
        int value = layout.value(t, i, false);
        if (replacement != -1) layout.replaceValue(t, i, replacement);
        return value;
    }

    /** A zeroed segment of {@code slots} slots, accounted to the budget. */
    private SlotLayout.Slots allocate(int slots) {
        long bytes = layout.bytes(slots);
        budget.reserve(bytes, "the visited set");
        long block;
        try {
            block = NativeMemory.allocateZeroed(bytes);
        } catch (OutOfMemoryError e) {
            budget.release(bytes);
            throw new MemoryBudget.OutOfBudget("the visited set (the system has no memory left)");
        }
        return layout.slots(block, slots);
    }

    /**
     * Doubles a segment (its lock held): the only copy made is of this one segment. Its old slots
     * are freed at once with one thread; with several, another thread may still be probing them
     * without the lock, so they are retired and freed by {@link #quiescent} or {@link #beginLevel}.
     */
    private SlotLayout.Slots grow(Segment s, int g) {
        SlotLayout.Slots old = s.slots;
        if (old.slots >= MAX_SLOTS / layout.keyWords) {
            throw new MemoryBudget.OutOfBudget("a segment of the visited set at its maximum size");
        }
        int slots = old.slots * 2;
        SlotLayout.Slots grown = allocate(slots);
        long[] scratch = new long[layout.keyWords];
        for (int i = 0; i < old.slots; i++) {
            if (!layout.occupied(old, i)) continue;
            int j = slotOf(layout.placement(old, i, scratch), slots);
            while (layout.occupied(grown, j)) j = j + 1 == slots ? 0 : j + 1;
            layout.copy(old, i, grown, j);
        }
        s.slots = grown;
        growths[g]++;
        reclamation.replaced(g, old, grown);
        return grown;
    }
}
