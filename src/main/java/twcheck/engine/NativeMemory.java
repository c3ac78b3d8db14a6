package twcheck.engine;

import java.lang.reflect.Field;
import sun.misc.Unsafe;

/**
 * Memory outside the Java heap, for the search's largest structure (the visited set). On the heap
 * the garbage collector keeps discarded arrays and spare regions resident for a while, which cost
 * as much again as the live data; memory taken here is returned to the operating system the
 * moment it is freed. Java 17 has no supported API for this (the foreign-memory API is final only
 * in Java 22), so it goes through {@code sun.misc.Unsafe}, as TLC's off-heap fingerprint set does.
 *
 * <p>Every access is unchecked: callers keep their offsets within the blocks they allocated.
 */
final class NativeMemory {
    private static final Unsafe UNSAFE = unsafe();

    private NativeMemory() {
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A zeroed block of {@code bytes}; throws {@link OutOfMemoryError} if the system has none. */
    static long allocateZeroed(long bytes) {
        long address = UNSAFE.allocateMemory(bytes);
        UNSAFE.setMemory(address, bytes, (byte) 0);
        return address;
    }

    /** Grows or shrinks a block, keeping its contents (the new part is not zeroed). */
    static long reallocate(long address, long bytes) {
        return UNSAFE.reallocateMemory(address, bytes);
    }

    static void copy(long from, long to, long bytes) {
        UNSAFE.copyMemory(from, to, bytes);
    }

    /** Copies {@code count} ints of {@code values} from {@code from} to {@code address}. */
    static void copyInts(int[] values, int from, long address, int count) {
        UNSAFE.copyMemory(values, Unsafe.ARRAY_INT_BASE_OFFSET + 4L * from, null, address, 4L * count);
    }

    static void fill(long address, long bytes, byte value) {
        UNSAFE.setMemory(address, bytes, value);
    }

    static void free(long address) {
        UNSAFE.freeMemory(address);
    }

    static long getLong(long address) {
        return UNSAFE.getLong(address);
    }

    static void putLong(long address, long value) {
        UNSAFE.putLong(address, value);
    }

    static int getInt(long address) {
        return UNSAFE.getInt(address);
    }

    static void putInt(long address, int value) {
        UNSAFE.putInt(address, value);
    }

    /** A load that later loads cannot overtake (acquire). */
    static long getLongAcquire(long address) {
        return UNSAFE.getLongVolatile(null, address);
    }

    static int getIntAcquire(long address) {
        return UNSAFE.getIntVolatile(null, address);
    }

    /** A store that earlier stores cannot overtake (release): readers that see it see them too. */
    static void putLongRelease(long address, long value) {
        UNSAFE.putOrderedLong(null, address, value);
    }

    static void putIntRelease(long address, int value) {
        UNSAFE.putOrderedInt(null, address, value);
    }
}
