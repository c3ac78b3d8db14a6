package twcheck.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The breadth-first frontier: the level being expanded, split into units of work that the workers
 * claim one at a time, and the arrays the next level is written into.
 *
 * <p>Everything is {@code long} words in fixed-size arrays of {@value #PIECE_WORDS} words, with no
 * object per state. An entry is a state's words and its parent's number: in the free high bits of
 * the last word when the model leaves 32 of them, else in one more word; when the search records
 * the graph, one more word keeps where the visited set stored the state (its slot locator), so
 * that numbering it later needs no lookup. A {@link Piece} is a run of entries in one array.
 *
 * <p>Each worker writes the entries it finds through a {@link Writer} of its own, so writing needs
 * no lock; only taking a fresh array does. Arrays come back for reuse once the level they held has
 * been expanded ({@link #retireLevel}), and every array allocated stays accounted to the budget
 * until {@link #release}.
 */
final class Frontier {
    /** Words per frontier array: just under 1 MiB with its header, one heap region. */
    static final int PIECE_WORDS = (1 << 17) - 4;

    /**
     * A run of frontier entries in one array, starting at entry {@code start}, of the state
     * numbers {@code firstId ..} once its level is numbered.
     */
    static final class Piece {
        final long[] data;
        final int start;
        int count;
        /** Entries appended, before any was dropped as lost. */
        int originalCount;
        int firstId;

        Piece(long[] data, int start) {
            this.data = data;
            this.start = start;
        }
    }

    final int width;
    /** The bits of a state's last word that the model leaves free (where the parent may ride). */
    final long freeMask;
    /** Parent numbers ride in the high 32 bits of an entry's last word. */
    final boolean parentInState;
    final int entryWords;
    /** Where in an entry its state's slot locator is (recording the graph only). */
    final int locatorWord;
    final boolean locators;
    final int pieceEntries;

    private final MemoryBudget budget;
    private final ArrayDeque<long[]> spare = new ArrayDeque<>();
    /** Arrays allocated (each accounted to the budget until {@link #release}). */
    private final AtomicInteger allocated = new AtomicInteger();
    /** The arrays of the level being expanded: reusable once the next level is in order. */
    private List<long[]> levelArrays = new ArrayList<>();

    // The level being expanded.
    private Piece[] units = new Piece[0];
    private int[] unitFirst = new int[0];
    private final AtomicInteger nextUnit = new AtomicInteger();
    /** Units from this one on are not handed out yet ({@link #allowUnits}); set between runs of the workers. */
    private int claimEnd;

    /**
     * @param freeHighBits high bits of a state's last word that the model leaves zero
     * @param locators whether entries keep their state's slot locator (recording the graph)
     */
    Frontier(int width, int freeHighBits, boolean locators, MemoryBudget budget) {
        int free = Math.max(0, Math.min(64, freeHighBits));
        this.width = width;
        this.freeMask = free == 0 ? 0 : -1L << (64 - free);
        this.parentInState = free >= 32;
        this.locators = locators;
        this.locatorWord = parentInState ? width : width + 1;
        this.entryWords = locatorWord + (locators ? 1 : 0);
        this.pieceEntries = PIECE_WORDS / entryWords;
        this.budget = budget;
    }

    /** The parent number of the entry at {@code data[base..]}. */
    int parentAt(long[] data, int base) {
        return parentInState ? (int) (data[base + width - 1] >> 32) : (int) data[base + width];
    }

    /** Makes {@code level} the level to expand, its pieces being its units of work in order. */
    void startLevel(List<Piece> level) {
        units = level.toArray(new Piece[0]);
        unitFirst = new int[units.length];
        for (int i = 0; i < units.length; i++) unitFirst[i] = units[i].firstId;
        nextUnit.set(0);
        claimEnd = units.length;
    }

    /**
     * Hands out only units {@code from} up to (not including) {@code to} until the next call: a
     * state limit expands a level in such waves, so that where it stops does not depend on which
     * thread was quicker. Call between runs of the workers.
     */
    void allowUnits(int from, int to) {
        nextUnit.set(from);
        claimEnd = Math.min(to, units.length);
    }

    int unitCount() {
        return units.length;
    }

    /** The next unit of the level for a worker to expand, or -1 if every unit is taken. */
    int claim() {
        int u = nextUnit.getAndIncrement();
        return u < claimEnd ? u : -1;
    }

    Piece unit(int u) {
        return units[u];
    }

    /** The number of the first state of unit {@code u} (the level's end if {@code u} is past the last). */
    int firstIdOf(int u, int levelEnd) {
        return u < unitFirst.length ? unitFirst[u] : levelEnd;
    }

    /** The unit of the level being expanded that holds state number {@code id}. */
    int unitOf(int id) {
        int lo = 0;
        int hi = unitFirst.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (unitFirst[mid] <= id) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /**
     * The level just expanded is done with: its arrays go back for reuse, and the arrays the
     * writers filled (the next level's) are the ones to reuse after that level.
     */
    void retireLevel(Writer[] writers) {
        for (long[] a : levelArrays) recycle(a);
        levelArrays = new ArrayList<>();
        for (Writer w : writers) {
            levelArrays.addAll(w.filled);
            w.filled.clear();
            w.array = null;
        }
        units = new Piece[0];
    }

    /** Drops every array; their memory goes back to the budget (they are garbage now). */
    void release() {
        units = new Piece[0];
        levelArrays = null;
        synchronized (spare) {
            spare.clear();
        }
        budget.release(8L * PIECE_WORDS * allocated.getAndSet(0));
    }

    private long[] takeArray() {
        synchronized (spare) {
            long[] a = spare.poll();
            if (a != null) return a;
        }
        budget.reserve(8L * PIECE_WORDS, "the search frontier");
        try {
            long[] a = new long[PIECE_WORDS];
            allocated.incrementAndGet();
            return a;
        } catch (OutOfMemoryError e) {
            budget.release(8L * PIECE_WORDS);
            throw new MemoryBudget.OutOfBudget("the search frontier (the heap is exhausted)");
        }
    }

    private void recycle(long[] a) {
        synchronized (spare) {
            spare.push(a);
        }
    }

    Writer newWriter() {
        return new Writer();
    }

    /**
     * Appends one worker's entries to the next level: into the pieces of the unit it is expanding,
     * in the order found, in arrays of its own.
     */
    final class Writer {
        private final int width = Frontier.this.width;
        private final int entryWords = Frontier.this.entryWords;
        private final int pieceEntries = Frontier.this.pieceEntries;
        private final boolean parentInState = Frontier.this.parentInState;
        private final boolean locators = Frontier.this.locators;
        private final int locatorWord = Frontier.this.locatorWord;
        private List<Piece> out;
        private Piece piece;
        private long[] array;
        private int arrayUsed;
        private final List<long[]> filled = new ArrayList<>();

        private Writer() {
        }

        /** Entries appended from now on go to {@code pieces} (a unit's output). */
        void startUnit(List<Piece> pieces) {
            out = pieces;
            piece = null;
        }

        /** Appends an entry for the state, with its parent's number and (recording the graph) its slot locator. */
        void append(long[] src, int offset, int parent, long locator) {
            Piece p = piece;
            if (array == null || arrayUsed == pieceEntries) {
                array = takeArray();
                filled.add(array);
                arrayUsed = 0;
                p = null;
            }
            if (p == null) {
                p = new Piece(array, arrayUsed);
                out.add(p);
                piece = p;
            }
            long[] d = array;
            int base = arrayUsed * entryWords;
            System.arraycopy(src, offset, d, base, width);
            if (parentInState) {
                d[base + width - 1] |= (long) parent << 32;
            } else {
                d[base + width] = parent;
            }
            if (locators) d[base + locatorWord] = locator;
            arrayUsed++;
            p.count++;
            p.originalCount++;
        }
    }
}
