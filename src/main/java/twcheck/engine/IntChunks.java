package twcheck.engine;

import java.lang.ref.Cleaner;
import java.util.Arrays;

/**
 * A growable list of ints in fixed-size chunks outside the Java heap: growing never copies what is
 * stored (so it never needs twice the memory), every chunk is accounted to a {@link MemoryBudget}
 * before it is allocated, and {@link #release} returns the memory to the system at once (on the
 * heap, the collector would keep it resident; see {@link NativeMemory}). Indices are ints, so it
 * holds at most about 2^31 values. Chunks of a list nobody references any more are freed by a
 * cleaner.
 *
 * <p>{@link #get} and {@link #set} are unchecked beyond the list's chunks: callers stay below
 * {@link #size}.
 */
public final class IntChunks {
    /** Ints per chunk, by default: 4 MiB chunks. */
    public static final int LARGE = 20;
    private static final Cleaner CLEANER = Cleaner.create();

    private final int chunkBits;
    private final int chunk;
    private final int mask;
    private final long chunkBytes;

    private final MemoryBudget budget;
    private final String what;
    private final Chunks chunks = new Chunks();
    private final Cleaner.Cleanable cleanable;
    private int size;

    /** The chunks' addresses, freed by {@link #release} or by the cleaner (which must not see the list). */
    private static final class Chunks implements Runnable {
        long[] address = new long[8];
        int count;

        @Override
        public synchronized void run() {
            for (int c = 0; c < count; c++) NativeMemory.free(address[c]);
            count = 0;
        }
    }

    /** @param what named in the memory report if a chunk cannot be had */
    public IntChunks(MemoryBudget budget, String what) {
        this(budget, what, LARGE);
    }

    /** With chunks of {@code 2^chunkBits} ints (small ones for small lists). */
    public IntChunks(MemoryBudget budget, String what, int chunkBits) {
        if (chunkBits < 4 || chunkBits > 28) throw new IllegalArgumentException("chunkBits in 4..28");
        this.chunkBits = chunkBits;
        this.chunk = 1 << chunkBits;
        this.mask = chunk - 1;
        this.chunkBytes = 4L * chunk;
        this.budget = budget;
        this.what = what;
        this.cleanable = CLEANER.register(this, chunks);
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        return NativeMemory.getInt(chunks.address[i >>> chunkBits] + 4L * (i & mask));
    }

    public void set(int i, int value) {
        NativeMemory.putInt(chunks.address[i >>> chunkBits] + 4L * (i & mask), value);
    }

    public void add(int value) {
        if ((size & mask) == 0 && size >>> chunkBits == chunks.count) newChunk();
        set(size, value);
        size++;
    }

    /** Grows to {@code newSize} values (the new ones unspecified until set), so that several threads can {@link #set} them. */
    public void resize(int newSize) {
        while (size < newSize) {
            if ((size & mask) == 0 && size >>> chunkBits == chunks.count) newChunk();
            size = Math.min(newSize, (size & ~mask) + chunk);
        }
    }

    /** Makes sure that one more value fits without allocating (the chunk for index {@link #size}). */
    void prepareNext() {
        if ((size & mask) == 0 && size >>> chunkBits == chunks.count) newChunk();
    }

    /** Copies {@code values[from..from+count)} to positions {@code at..at+count)} (which must exist). */
    public void setAll(int at, int[] values, int from, int count) {
        while (count > 0) {
            int room = chunk - (at & mask);
            int n = Math.min(room, count);
            NativeMemory.copyInts(values, from, chunks.address[at >>> chunkBits] + 4L * (at & mask), n);
            at += n;
            from += n;
            count -= n;
        }
    }

    /** Copies {@code count} ints from native memory at {@code from} to positions {@code at..at+count)}. */
    void setAllFrom(int at, long from, int count) {
        while (count > 0) {
            int room = chunk - (at & mask);
            int n = Math.min(room, count);
            NativeMemory.copy(from, chunks.address[at >>> chunkBits] + 4L * (at & mask), 4L * n);
            at += n;
            from += 4L * n;
            count -= n;
        }
    }

    private void newChunk() {
        if (size > Integer.MAX_VALUE - chunk) throw new MemoryBudget.OutOfBudget(what + " (more than 2^31 entries)");
        budget.reserve(chunkBytes, what);
        long address;
        try {
            address = NativeMemory.allocateZeroed(chunkBytes);
        } catch (OutOfMemoryError e) {
            budget.release(chunkBytes);
            throw new MemoryBudget.OutOfBudget(what + " (the system has no memory left)");
        }
        synchronized (chunks) {
            if (chunks.count == chunks.address.length) chunks.address = Arrays.copyOf(chunks.address, chunks.count * 2);
            chunks.address[chunks.count++] = address;
        }
    }

    /** Bytes held. */
    public long bytes() {
        return chunkBytes * chunks.count;
    }

    /** Drops every value and returns the memory to the system and the budget. */
    public void release() {
        long held = bytes();
        cleanable.clean();
        size = 0;
        budget.release(held);
    }
}
