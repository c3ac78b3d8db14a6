package twcheck.engine.liveness;

import java.util.Arrays;

/**
 * An exact set of states numbered in the order found (for building the explored graph): every distinct packed state once, numbered in insertion order, with the
 * number of the state it was first reached from. States live contiguously in one {@code long[]}
 * (no objects per state); an open-addressing table of state numbers finds them by hash.
 */
final class NumberedStates {
    private static final int NO_PARENT = -1;

    private final int width;
    private long[] words;
    private int[] parents;
    private int size;
    private int[] table; // state number + 1; 0 marks a free slot
    private int mask;

    NumberedStates(int width) {
        this.width = width;
        this.words = new long[1024 * width];
        this.parents = new int[1024];
        this.table = new int[4096];
        this.mask = table.length - 1;
    }

    int size() {
        return size;
    }

    int width() {
        return width;
    }

    long[] words() {
        return words;
    }

    int parent(int id) {
        return parents[id];
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
    int addIfAbsent(long[] state, int parent) {
        int slot = (int) hash(state) & mask;
        while (true) {
            int entry = table[slot];
            if (entry == 0) break;
            if (equalsStored(entry - 1, state)) return -entry;
            slot = (slot + 1) & mask;
        }
        if (size == parents.length) growStates();
        int id = size++;
        System.arraycopy(state, 0, words, id * width, width);
        parents[id] = parent;
        table[slot] = id + 1;
        if (size * 2L > table.length) growTable();
        return id;
    }

    int addInitial(long[] state) {
        return addIfAbsent(state, NO_PARENT);
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
        long newCapacity = Math.min((long) parents.length * 2, Integer.MAX_VALUE - 8);
        if (newCapacity * width > Integer.MAX_VALUE - 8 || newCapacity <= parents.length) {
            throw new StoreFullException("the state store reached its maximum of " + size + " states");
        }
        try {
            long[] newWords = Arrays.copyOf(words, (int) newCapacity * width);
            int[] newParents = Arrays.copyOf(parents, (int) newCapacity);
            words = newWords;
            parents = newParents;
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
