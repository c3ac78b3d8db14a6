package twcheck.engine;

/**
 * The parent link of every state by state number: 4 bytes per state, in fixed-size chunks so
 * that growing never copies. States are numbered in breadth-first order and each level's states
 * are ordered by their parent, so the links are non-decreasing and the children of a state form a
 * contiguous range that a binary search finds.
 */
final class ParentLinks {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final MemoryBudget budget;
    private int[][] chunks = new int[16][];
    private int size;
    private long reserved;

    ParentLinks(MemoryBudget budget) {
        this.budget = budget;
    }

    int size() {
        return size;
    }

    int get(int id) {
        return chunks[id >>> CHUNK_BITS][id & (CHUNK - 1)];
    }

    void add(int parent) {
        int c = size >>> CHUNK_BITS;
        if ((size & (CHUNK - 1)) == 0) {
            if (size == Integer.MAX_VALUE - 1) {
                throw new MemoryBudget.OutOfBudget("the maximum number of states (2^31 - 2)");
            }
            if (c == chunks.length) chunks = java.util.Arrays.copyOf(chunks, c * 2);
            budget.reserve(4L * CHUNK, "the parent links");
            try {
                chunks[c] = new int[CHUNK];
                reserved += 4L * CHUNK;
            } catch (OutOfMemoryError e) {
                budget.release(4L * CHUNK);
                throw new MemoryBudget.OutOfBudget("the parent links (the heap is exhausted)");
            }
        }
        chunks[c][size & (CHUNK - 1)] = parent;
        size++;
    }

    /** Drops the links and returns their memory to the budget. */
    void release() {
        chunks = new int[0][];
        budget.release(reserved);
        reserved = 0;
    }

    /** The smallest state number whose parent link is at least {@code parent}. */
    int firstWithParentAtLeast(int parent) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid) < parent) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
