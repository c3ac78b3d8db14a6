package twcheck.engine;

/**
 * How the visited set lays out a slot, and how a key is probed for: open addressing with linear
 * probing over packed {@code long} words outside the heap ({@link NativeMemory}). With every key
 * a slot keeps one 32-bit value, 0 for a free slot. One of four layouts, fixed per table:
 *
 * <ul>
 *   <li><em>embedded</em> (exact storage, at least 32 free high bits in the state's last word):
 *       the value lives in the top 32 bits of the last key word, so a slot costs exactly the
 *       state's words;
 *   <li><em>marked</em> (exact, 1 to 31 free bits): the top bit marks a used slot, the next free
 *       bits (up to {@value #MAX_STAMP_BITS}) hold a stamp of the level that inserted the state,
 *       and the value lives in a parallel array of ints, read only when the state is found and was
 *       (by its stamp) possibly inserted in this level;
 *   <li><em>separate</em> (exact, no free bits): the value lives in the parallel array;
 *   <li><em>compact</em> (hash compaction): the key is a 64-bit fingerprint of the state, the value
 *       in the parallel array.
 * </ul>
 *
 * <p>A slot is published by a release store of the word that says it is used (the last key word
 * when it holds the mark or the value, else the value) after everything else in it, and probed
 * for with an acquire load of that word before the others, so that a slot seen used is a slot
 * fully written. Probing without a lock may thus miss a state being written (the caller then
 * probes again under the lock) but never matches a half-written one.
 */
final class SlotLayout {
    static final int MAX_STAMP_BITS = 8;
    private static final long USED = 1L << 63;
    private static final long LOW32 = 0xFFFF_FFFFL;
    /** Where the high 32 bits of a slot's last key word are, from the word's address (byte order). */
    private static final int HIGH_HALF = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN ? 4 : 0;

    /**
     * One segment's slots: {@code keys} is the address of the key words, {@code values} that of
     * the ints (0 when values are embedded in the keys), both inside the block at {@code block}.
     * Replaced as a whole when the segment grows.
     */
    static final class Slots {
        final long block;
        final long bytes;
        final long keys;
        final long values;
        final int slots;
        final int limit;

        private Slots(long block, long bytes, long keys, long values, int slots) {
            this.block = block;
            this.bytes = bytes;
            this.keys = keys;
            this.values = values;
            this.slots = slots;
            this.limit = slots - (slots >>> 3); // maximum load 7/8
        }
    }

    final boolean compact;
    final boolean embedded;
    final boolean marked;
    /** The word that publishes a slot is its last key word (embedded, marked), not its value. */
    private final boolean publishedInKey;
    private final int stateWords;
    final int keyWords;
    /** Bytes of one slot's key words. */
    final int keyBytes;
    /** The bits of the last key word that belong to the state (all of them unless embedded or marked). */
    private final long stateMask;
    private final int stampShift;
    /** Where a marked slot keeps its level stamp. */
    final long stampMask;

    /**
     * @param freeHighBits high bits of a state's last word that are always zero
     * @param compact store 64-bit fingerprints instead of states
     */
    SlotLayout(int stateWords, int freeHighBits, boolean compact) {
        this.stateWords = stateWords;
        this.compact = compact;
        this.keyWords = compact ? 1 : stateWords;
        this.keyBytes = 8 * keyWords;
        this.embedded = !compact && freeHighBits >= 32;
        this.marked = !compact && !embedded && freeHighBits >= 1;
        this.publishedInKey = embedded || marked;
        int stampBits = marked ? Math.min(MAX_STAMP_BITS, freeHighBits - 1) : 0;
        this.stampShift = 63 - stampBits;
        this.stampMask = stampBits == 0 ? 0 : ((1L << stampBits) - 1) << stampShift;
        this.stateMask = embedded ? LOW32 : marked ? ~(-1L << (64 - freeHighBits)) : -1L;
    }

    /** The mark of the slots stored in the first level: used, stamp 0. */
    static long firstMark() {
        return USED;
    }

    /** The mark of the slots stored in the level after the one whose mark is {@code mark}. */
    long nextMark(long mark) {
        if (!marked) return USED;
        return USED | (((mark & stampMask) + (1L << stampShift)) & stampMask);
    }

    /** Bytes of a segment of {@code slots} slots. */
    long bytes(int slots) {
        return (long) slots * keyBytes + (embedded ? 0 : 4L * slots);
    }

    /** The slots of a segment of {@code slots} slots in the zeroed block at {@code block}. */
    Slots slots(long block, int slots) {
        long keyArea = (long) slots * keyBytes;
        return new Slots(block, bytes(slots), block, embedded ? 0 : block + keyArea, slots);
    }

    /**
     * Probes from slot {@code home} for the key of the state at {@code state[offset..]} (of
     * fingerprint {@code fp} in the compact layout): returns the slot that holds it, or
     * {@code -1 - i} for the free slot {@code i} that ends the probe. With {@code acquire}, for
     * probing without the lock, every slot's publishing word is read with an acquire load first.
     */
    int probe(Slots t, int home, long[] state, int offset, long fp, boolean acquire) {
        long keys = t.keys;
        long values = t.values;
        int slots = t.slots;
        int kb = keyBytes;
        for (int i = home; ; i = i + 1 == slots ? 0 : i + 1) {
            long at = keys + (long) i * kb;
            if (publishedInKey) {
                long last = acquire ? NativeMemory.getLongAcquire(at + kb - 8) : NativeMemory.getLong(at + kb - 8);
                if ((marked ? last : last >>> 32) == 0) return -1 - i;
                if (matches(at, last, state, offset)) return i;
            } else {
                int value = acquire ? NativeMemory.getIntAcquire(values + 4L * i) : NativeMemory.getInt(values + 4L * i);
                if (value == 0) return -1 - i;
                if (compact ? NativeMemory.getLong(at) == fp : matches(at, NativeMemory.getLong(at + kb - 8), state, offset)) {
                    return i;
                }
            }
        }
    }

    /** Whether the key words at {@code at}, the last one being {@code last}, are the state's (ignoring mark, stamp or value bits). */
    private boolean matches(long at, long last, long[] state, int offset) {
        int lastWord = keyWords - 1;
        for (int j = 0; j < lastWord; j++) {
            if (NativeMemory.getLong(at + 8L * j) != state[offset + j]) return false;
        }
        return (last & stateMask) == state[offset + lastWord];
    }

    /** The last key word of slot {@code i} (with its mark and stamp in the marked layout). */
    long lastWord(Slots t, int i) {
        return NativeMemory.getLong(t.keys + (long) i * keyBytes + keyBytes - 8);
    }

    /** The value of slot {@code i}; with {@code acquire}, by an acquire load (probing without the lock). */
    int value(Slots t, int i, boolean acquire) {
        if (embedded) {
            long at = t.keys + (long) i * keyBytes + keyBytes - 8;
            return (int) ((acquire ? NativeMemory.getLongAcquire(at) : NativeMemory.getLong(at)) >>> 32);
        }
        return acquire ? NativeMemory.getIntAcquire(t.values + 4L * i) : NativeMemory.getInt(t.values + 4L * i);
    }

    /**
     * Stores the key of the state at {@code state[offset..]} (its fingerprint {@code fp} in the
     * compact layout) with {@code value} in the free slot {@code i}, publishing it last, with a
     * release store; {@code mark} is the current level's (marked layout).
     */
    void store(Slots t, int i, long[] state, int offset, long fp, int value, long mark) {
        long at = t.keys + (long) i * keyBytes;
        long lastAt = at + keyBytes - 8;
        if (compact) {
            NativeMemory.putLong(at, fp);
            NativeMemory.putIntRelease(t.values + 4L * i, value);
            return;
        }
        for (int j = 0; j < keyWords - 1; j++) NativeMemory.putLong(at + 8L * j, state[offset + j]);
        long last = state[offset + keyWords - 1];
        if (embedded) {
            NativeMemory.putLongRelease(lastAt, last | ((long) value << 32));
        } else if (marked) {
            NativeMemory.putInt(t.values + 4L * i, value);
            NativeMemory.putLongRelease(lastAt, last | mark);
        } else {
            NativeMemory.putLong(lastAt, last);
            NativeMemory.putIntRelease(t.values + 4L * i, value);
        }
    }

    /** Replaces the value of used slot {@code i}, by a release store (for lookups without the lock). */
    void replaceValueRelease(Slots t, int i, int value) {
        if (embedded) {
            long at = t.keys + (long) i * keyBytes + keyBytes - 8;
            long word = NativeMemory.getLong(at);
            NativeMemory.putLongRelease(at, (word & LOW32) | ((value & LOW32) << 32));
        } else {
            NativeMemory.putIntRelease(t.values + 4L * i, value);
        }
    }

    /** Replaces the value of used slot {@code i} with one plain store (while no lookup runs). */
    void replaceValue(Slots t, int i, int value) {
        if (embedded) NativeMemory.putInt(t.keys + (long) i * keyBytes + keyBytes - 8 + HIGH_HALF, value);
        else NativeMemory.putInt(t.values + 4L * i, value);
    }

    boolean occupied(Slots t, int i) {
        if (embedded) return (lastWord(t, i) >>> 32) != 0;
        if (marked) return lastWord(t, i) != 0;
        return NativeMemory.getInt(t.values + 4L * i) != 0;
    }

    /**
     * The hash that placed used slot {@code i}: the stored state's {@link Hashing#hash}, or in the
     * compact layout its fingerprint's {@link Hashing#mix}; {@code scratch} has room for a key.
     */
    long placement(Slots t, int i, long[] scratch) {
        long from = t.keys + (long) i * keyBytes;
        if (compact) return Hashing.mix(NativeMemory.getLong(from));
        for (int j = 0; j < keyWords; j++) scratch[j] = NativeMemory.getLong(from + 8L * j);
        scratch[keyWords - 1] &= stateMask;
        return Hashing.hash(scratch, 0, keyWords);
    }

    /** The hash that places the key of a state: its hash, or in the compact layout its fingerprint's mix. */
    long placement(long keyHash) {
        return compact ? Hashing.mix(keyHash) : keyHash;
    }

    /** The key hash of a state: its {@link Hashing#hash}, or in the compact layout its {@link Hashing#fingerprint}. */
    long keyHash(long[] state, int offset) {
        return compact ? Hashing.fingerprint(state, offset, stateWords) : Hashing.hash(state, offset, stateWords);
    }

    /** Copies used slot {@code i} of {@code from} to slot {@code j} of {@code to}, as it is. */
    void copy(Slots from, int i, Slots to, int j) {
        long src = from.keys + (long) i * keyBytes;
        long dst = to.keys + (long) j * keyBytes;
        for (int w = 0; w < keyWords; w++) NativeMemory.putLong(dst + 8L * w, NativeMemory.getLong(src + 8L * w));
        if (!embedded) NativeMemory.putInt(to.values + 4L * j, NativeMemory.getInt(from.values + 4L * i));
    }
}
