package twcheck.engine;

/**
 * A growable buffer of ints and longs outside the Java heap, accounted to a {@link MemoryBudget}:
 * for the search's per-level buffers, so that they do not make the collector keep a larger heap.
 * Unchecked: callers stay within what they {@link #ensureInts ensured}. Must be {@link #free}d.
 */
final class NativeBuffer {
    private final MemoryBudget budget;
    private final String what;
    private long address;
    private long bytes;

    NativeBuffer(MemoryBudget budget, String what, long initialBytes) {
        this.budget = budget;
        this.what = what;
        resize(Math.max(64, initialBytes));
    }

    /** Room for at least {@code count} ints (doubling). */
    void ensureInts(long count) {
        if (4 * count > bytes) resize(Math.max(4 * count, 2 * bytes));
    }

    /** Room for at least {@code count} longs (doubling). */
    void ensureLongs(long count) {
        if (8 * count > bytes) resize(Math.max(8 * count, 2 * bytes));
    }

    private void resize(long newBytes) {
        budget.reserve(newBytes - bytes, what);
        long moved;
        try {
            moved = address == 0 ? NativeMemory.allocateZeroed(newBytes) : NativeMemory.reallocate(address, newBytes);
        } catch (OutOfMemoryError e) {
            budget.release(newBytes - bytes);
            throw new MemoryBudget.OutOfBudget(what + " (the system has no memory left)");
        }
        address = moved;
        bytes = newBytes;
    }

    int getInt(int i) {
        return NativeMemory.getInt(address + 4L * i);
    }

    void setInt(int i, int value) {
        NativeMemory.putInt(address + 4L * i, value);
    }

    long getLong(int i) {
        return NativeMemory.getLong(address + 8L * i);
    }

    void setLong(int i, long value) {
        NativeMemory.putLong(address + 8L * i, value);
    }

    /** The address of int {@code i}, for copying. */
    long intAddress(int i) {
        return address + 4L * i;
    }

    void free() {
        if (address != 0) NativeMemory.free(address);
        budget.release(bytes);
        address = 0;
        bytes = 0;
    }
}
