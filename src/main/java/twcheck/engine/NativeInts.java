package twcheck.engine;

/**
 * A fixed-size array of ints outside the Java heap, zeroed, accounted to a {@link MemoryBudget}:
 * for the liveness checks' arrays of one int per state, so that they do not grow the heap that
 * the collector keeps committed. Unchecked: callers stay below the size. Must be {@link #free}d.
 */
public final class NativeInts implements AutoCloseable {
    private final MemoryBudget budget;
    private final long bytes;
    private long address;

    public NativeInts(int size, MemoryBudget budget, String what) {
        this.budget = budget;
        this.bytes = 4L * Math.max(1, size);
        budget.reserve(bytes, what);
        try {
            address = NativeMemory.allocateZeroed(bytes);
        } catch (OutOfMemoryError e) {
            budget.release(bytes);
            throw new MemoryBudget.OutOfBudget(what + " (the system has no memory left)");
        }
    }

    public int get(int i) {
        return NativeMemory.getInt(address + 4L * i);
    }

    public void set(int i, int value) {
        NativeMemory.putInt(address + 4L * i, value);
    }

    /** Sets every element to {@code value}. */
    public void fill(int value) {
        if (value == 0) {
            NativeMemory.fill(address, bytes, (byte) 0);
            return;
        }
        for (long a = address, end = address + bytes; a < end; a += 4) NativeMemory.putInt(a, value);
    }

    public void free() {
        if (address == 0) return;
        NativeMemory.free(address);
        budget.release(bytes);
        address = 0;
    }

    @Override
    public void close() {
        free();
    }
}
