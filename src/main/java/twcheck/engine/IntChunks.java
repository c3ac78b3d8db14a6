package twcheck.engine;

import java.util.Arrays;

/**
 * A growable list of ints in fixed-size chunks: growing never copies what is stored (so it never
 * needs twice the memory), and every chunk is accounted to a {@link MemoryBudget} before it is
 * allocated. Indices are ints, so it holds at most about 2^31 values.
 */
public final class IntChunks {
    static final int CHUNK_BITS = 20;
    static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private final MemoryBudget budget;
    private final String what;
    private int[][] chunks = new int[8][];
    private int size;
    private long reserved;

    /** @param what named in the memory report if a chunk cannot be had */
    public IntChunks(MemoryBudget budget, String what) {
        this.budget = budget;
        this.what = what;
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        return chunks[i >>> CHUNK_BITS][i & MASK];
    }

    public void set(int i, int value) {
        chunks[i >>> CHUNK_BITS][i & MASK] = value;
    }

    public void add(int value) {
        if ((size & MASK) == 0) newChunk();
        chunks[size >>> CHUNK_BITS][size & MASK] = value;
        size++;
    }

    /** Appends {@code values[from..from+count)}. */
    public void addAll(int[] values, int from, int count) {
        while (count > 0) {
            if ((size & MASK) == 0) newChunk();
            int room = CHUNK - (size & MASK);
            int n = Math.min(room, count);
            System.arraycopy(values, from, chunks[size >>> CHUNK_BITS], size & MASK, n);
            size += n;
            from += n;
            count -= n;
        }
    }

    private void newChunk() {
        if (size > Integer.MAX_VALUE - CHUNK) throw new MemoryBudget.OutOfBudget(what + " (more than 2^31 entries)");
        int c = size >>> CHUNK_BITS;
        if (c == chunks.length) chunks = Arrays.copyOf(chunks, c * 2);
        budget.reserve(4L * CHUNK, what);
        try {
            chunks[c] = new int[CHUNK];
        } catch (OutOfMemoryError e) {
            budget.release(4L * CHUNK);
            throw new MemoryBudget.OutOfBudget(what + " (the heap is exhausted)");
        }
        reserved += 4L * CHUNK;
    }

    /** Bytes held. */
    public long bytes() {
        return reserved;
    }

    /** Drops every value and returns the memory to the budget. */
    public void release() {
        chunks = new int[8][];
        size = 0;
        budget.release(reserved);
        reserved = 0;
    }
}
