package twcheck.engine;

/**
 * The engine's hashes of packed states, all built on one 64-bit finalizer ({@link #mix}): a fast
 * hash for exact storage, where only the spread matters, and a fingerprint for hash compaction,
 * where two states may share one only by a collision a 64-bit hash makes unlikely.
 */
final class Hashing {
    private Hashing() {
    }

    /** Fast hash for exact storage; only its spread matters. */
    static long hash(long[] state, int offset, int words) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < words; i++) h = (h ^ state[offset + i]) * 0xBF58476D1CE4E5B9L + (h >>> 29);
        return mix(h);
    }

    /** A 64-bit fingerprint: every word goes through a full mixing round. */
    static long fingerprint(long[] state, int offset, int words) {
        long h = 0x6A09E667F3BCC909L;
        for (int i = 0; i < words; i++) h = mix(h ^ mix(state[offset + i] + 0x9E3779B97F4A7C15L * (i + 1)));
        return h;
    }

    /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
