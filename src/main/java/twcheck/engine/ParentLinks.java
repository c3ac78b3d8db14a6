package twcheck.engine;

/**
 * The parent link of every state by state number: 4 bytes per state, outside the Java heap in
 * fixed-size chunks ({@link IntChunks}), so that growing never copies and the collector keeps no
 * spare heap for them. States are numbered in breadth-first order and each level's states are
 * ordered by their parent, so the links are non-decreasing and the children of a state form a
 * contiguous range that a binary search finds.
 */
final class ParentLinks {
    private final IntChunks links;

    ParentLinks(MemoryBudget budget) {
        this.links = new IntChunks(budget, "the parent links");
    }

    int size() {
        return links.size();
    }

    int get(int id) {
        return links.get(id);
    }

    void add(int parent) {
        if (links.size() == Integer.MAX_VALUE - 1) {
            throw new MemoryBudget.OutOfBudget("the maximum number of states (2^31 - 2)");
        }
        links.add(parent);
    }

    /** Drops the links and returns their memory to the system and the budget. */
    void release() {
        links.release();
    }

    /** The smallest state number whose parent link is at least {@code parent}. */
    int firstWithParentAtLeast(int parent) {
        int lo = 0;
        int hi = links.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid) < parent) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
