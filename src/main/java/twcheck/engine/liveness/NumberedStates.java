package twcheck.engine.liveness;

import java.util.Arrays;

/**
 * An exact set of states numbered in the order found (for building the explored graph): every
 * distinct packed state once, numbered in insertion order. States live contiguously in one
 * {@code long[]} (no objects per state); an open-addressing table of state numbers finds them by
 * hash. (Traces over the graph are rebuilt from its edges, so no parent links are kept.)
 */
final class NumberedStates {
    private final int width;
    private long[] words;
    private int size;
    private int[] table; // state number + 1; 0 marks a free slot
    private int mask;

    NumberedStates(int width) {
        this.width = width;
        this.words = new long[1024 * width];
        this.table = new int[4096];
        this.mask = table.length - 1;
    }

    int size() {
        return size;
    }

    /** Copies state {@code id} into {@code into}. */
    void read(int id, long[] into) {
        System.arraycopy(words, id * width, into, 0, width);
    }

    /**
     * Adds the state unless present. Returns its new number, or {@code -1 - n} if it was already
     * stored as number n.
     *
     * @throws StoreFullException if memory for a larger store cannot be had
     */
    int addIfAbsent(long[] state) {
        int slot = (int) hash(state) & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) break;
            if (equalsStored(entry - 1, state)) return -entry;
            slot = (slot + 1) & mask;
        }
        if ((size + 1) * width > words.length) growStates();
        int id = size++;
        System.arraycopy(state, 0, words, id * width, width);
        table[slot] = id + 1;
        if (size * 2L > table.length) growTable();
        return id;
    }

    private boolean equalsStored(int id, long[] state) {
        int base = id * width;
        for (int i = 0; i < width; i++) {
            if (words[base + i] != state[i]) return false;
        }
        return true;
    }

    private static long hash(long[] state) {
        long h = 0x9E3779B97F4A7C15L;
        for (long w : state) {
            h = mix(h ^ w);
        }
        return h ^ (h >>> 32);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private void growStates() {
        long capacity = words.length / width;
        long newCapacity = Math.min(capacity * 2, Integer.MAX_VALUE - 8);
        if (newCapacity * width > Integer.MAX_VALUE - 8 || newCapacity <= capacity) {
            throw new StoreFullException("the state store reached its maximum of " + size + " states");
        }
        try {
            words = Arrays.copyOf(words, (int) newCapacity * width);
        } catch (OutOfMemoryError e) {
            throw new StoreFullException("out of memory after " + size + " distinct states");
        }
    }

    private void growTable() {
        if (table.length >= (1 << 30)) {
            throw new StoreFullException("the hash table reached its maximum at " + size + " states");
        }
        int[] bigger;
        try {
            bigger = new int[table.length * 2];
        } catch (OutOfMemoryError e) {
            throw new StoreFullException("out of memory after " + size + " distinct states");
        }
        int newMask = bigger.length - 1;
        long[] probe = new long[width];
        for (int id = 0; id < size; id++) {
            read(id, probe);
            int slot = (int) hash(probe) & newMask;
            while (bigger[slot] != 0) slot = (slot + 1) & newMask;
            bigger[slot] = id + 1;
        }
        table = bigger;
        mask = newMask;
    }

    /** The store could not grow: the search must end, incomplete. */
    static final class StoreFullException extends RuntimeException {
        StoreFullException(String message) {
            super(message, null, false, false);
        }
    }
}
