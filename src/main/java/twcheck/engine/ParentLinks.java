package twcheck.engine;

/**
 * The parent link of every state by state number: 4 bytes per state, outside the Java heap in
 * fixed-size chunks ({@link IntChunks}), so that growing never copies and the collector keeps no
 * spare heap for them. States are numbered in breadth-first order and each level's states are
 * ordered by their parent, so the links are non-decreasing and the children of a state form a
 * contiguous range that a binary search finds.
 */
final class ParentLinks {
    /** Null when only counting: a search that records the graph finds parents there ({@link StateGraph#breadthFirstPath}). */
    private final IntChunks links;
    private int size;

    private ParentLinks(IntChunks links) {
        this.links = links;
    }

    /** Links kept, 4 bytes per state. */
    static ParentLinks kept(MemoryBudget budget) {
        return new ParentLinks(new IntChunks(budget, "the parent links"));
    }

    /** States counted only. */
    static ParentLinks counted() {
        return new ParentLinks(null);
    }

    int size() {
        return size;
    }

    int get(int id) {
        if (links == null) throw new IllegalStateException("parent links were not kept");
        return links.get(id);
    }

    void add(int parent) {
        if (size == Integer.MAX_VALUE - 1) {
            throw new MemoryBudget.OutOfBudget("the maximum number of states (2^31 - 2)");
        }
        if (links != null) links.add(parent);
        size++;
    }

    /** Drops the links and returns their memory to the system and the budget. */
    void release() {
        if (links != null) links.release();
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
