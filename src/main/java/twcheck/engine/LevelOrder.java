package twcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts a level's new states in the order a sequential search would find them, whatever the number
 * of threads: by the number of the first parent, then by the order in which that parent's
 * successors are generated.
 *
 * <p>Each unit of work writes what it found into its own output, in its own order, which is the
 * sequential order within the unit. When two threads reach the same new state, the visited set
 * keeps the smaller parent (see {@link VisitedTable#insert}); the worker that lowered the parent
 * link notes the entry that the other unit had already written ({@link Lost#add}). At the end of
 * the level ({@link #finish}) the outputs are concatenated in unit order, dropping the noted
 * entries, which is exactly the sequential order; the states are numbered in that order, their
 * parents recorded, and the new level is split into units of work.
 */
final class LevelOrder {
    private final Frontier frontier;
    private final ParentLinks parents;
    private final int unitStates;
    /** Recording the graph: entries then keep their slot locators, and units their edges. */
    private final boolean edges;
    private final boolean compact;
    private final VisitedTable table;

    /** Per unit of the level being expanded: the entries it appended, and (recording) its edges. */
    private List<Frontier.Piece>[] outputs = none();
    private GraphRecorder.UnitEdges[] unitEdges = new GraphRecorder.UnitEdges[0];

    /**
     * @param unitStates states per unit of work of the next level
     * @param edges whether units record their edges ({@link #setEdges})
     * @param compact whether the visited set keeps fingerprints (then so does the comparison of lost entries)
     */
    LevelOrder(Frontier frontier, ParentLinks parents, VisitedTable table, int unitStates, boolean edges,
            boolean compact) {
        this.frontier = frontier;
        this.parents = parents;
        this.table = table;
        this.unitStates = unitStates;
        this.edges = edges;
        this.compact = compact;
    }

    /** Starts collecting the outputs of a level of {@code units} units (the initial level: one, without edges). */
    @SuppressWarnings("unchecked")
    void begin(int units, boolean withEdges) {
        outputs = new List[units];
        unitEdges = new GraphRecorder.UnitEdges[edges && withEdges ? units : 0];
    }

    /** The output of unit {@code u}, new and empty: one unit, one worker, so no lock. */
    List<Frontier.Piece> output(int u) {
        List<Frontier.Piece> out = new ArrayList<>(1);
        outputs[u] = out;
        return out;
    }

    /** Whether unit {@code u} records its edges. */
    boolean recordsEdges(int u) {
        return u < unitEdges.length;
    }

    void setEdges(int u, GraphRecorder.UnitEdges e) {
        unitEdges[u] = e;
    }

    /** The edges of the units just ordered, in unit order (null for a unit not expanded); once. */
    GraphRecorder.UnitEdges[] takeEdges() {
        GraphRecorder.UnitEdges[] e = unitEdges;
        unitEdges = new GraphRecorder.UnitEdges[0];
        return e;
    }

    /**
     * Puts the new level in order (unit by unit of the old level, dropping the entries that lost
     * their state to a smaller parent), numbers its states from {@code parents.size()}, records
     * their parents, and splits it into units of work.
     *
     * @param lost every worker's lost entries (emptied)
     */
    List<Frontier.Piece> finish(Lost[] lost) {
        Losers losers = new Losers(lost);
        List<Frontier.Piece> next = new ArrayList<>();
        int id = parents.size();
        for (int u = 0; u < outputs.length; u++) {
            List<Frontier.Piece> out = outputs[u];
            if (out == null) continue;
            GraphRecorder.UnitEdges unitEdges = u < this.unitEdges.length ? this.unitEdges[u] : null;
            if (unitEdges != null) unitEdges.firstOwnNumber = id;
            boolean dirty = losers.inUnit(u);
            int appended = 0;
            for (Frontier.Piece p : out) {
                if (dirty) losers.dropFrom(p, appended, unitEdges);
                appended += p.originalCount;
                long[] d = p.data;
                int entryWords = frontier.entryWords;
                for (int k = 0; k < p.count; k++) parents.add(frontier.parentAt(d, (p.start + k) * entryWords));
                for (int k = 0; k < p.count; k += unitStates) {
                    Frontier.Piece unit = new Frontier.Piece(d, p.start + k);
                    unit.count = Math.min(unitStates, p.count - k);
                    unit.firstId = id + k;
                    next.add(unit);
                }
                id += p.count;
            }
        }
        outputs = none();
        return next;
    }

    @SuppressWarnings("unchecked")
    private static List<Frontier.Piece>[] none() {
        return new List[0];
    }

    /** Forgets the level's outputs (the search is over). */
    void clear() {
        outputs = none();
        unitEdges = new GraphRecorder.UnitEdges[0];
    }

    /**
     * One worker's entries that lost their state to a smaller parent (another thread lowered the
     * state's parent link after the entry was written): the old parent and the state of each.
     */
    static final class Lost {
        private final int width;
        private int[] parents = new int[16];
        private long[] states;
        private int count;

        Lost(int width) {
            this.width = width;
            this.states = new long[16 * width];
        }

        /** The entry of {@code state[offset..]} from parent {@code parent} lost it to a smaller parent. */
        void add(int parent, long[] state, int offset) {
            if (count == parents.length) {
                parents = Arrays.copyOf(parents, count * 2);
                states = Arrays.copyOf(states, count * 2 * width);
            }
            parents[count] = parent;
            System.arraycopy(state, offset, states, count * width, width);
            count++;
        }
    }

    /**
     * Every worker's lost entries together, sorted by parent, which is the order of the entries too;
     * and the units whose output holds one (the unit that expanded the parent).
     */
    private final class Losers {
        final int width = frontier.width;
        final long[] states;
        /** Record indices sorted by parent: (parent << 32) | index. */
        final long[] order;
        final long[] probe = new long[width];
        final boolean[] dirty;
        int next;

        Losers(Lost[] lost) {
            int n = 0;
            for (Lost l : lost) n += l.count;
            states = new long[n * width];
            order = new long[n];
            int k = 0;
            for (Lost l : lost) {
                for (int i = 0; i < l.count; i++, k++) {
                    System.arraycopy(l.states, i * width, states, k * width, width);
                    order[k] = ((long) l.parents[i] << 32) | k;
                }
                l.count = 0;
            }
            Arrays.sort(order);
            dirty = new boolean[outputs.length];
            for (long o : order) dirty[frontier.unitOf((int) (o >>> 32))] = true;
        }

        boolean inUnit(int u) {
            return dirty[u];
        }

        /**
         * Removes from the piece the entries recorded as lost, keeping the others in order; tells
         * {@code edges} (if not null) the unit's own entries dropped, numbered from {@code before}.
         */
        void dropFrom(Frontier.Piece p, int before, GraphRecorder.UnitEdges edges) {
            long[] d = p.data;
            int entryWords = frontier.entryWords;
            int kept = 0;
            for (int k = 0; k < p.count; k++) {
                int base = (p.start + k) * entryWords;
                int parent = frontier.parentAt(d, base);
                while (next < order.length && (int) (order[next] >>> 32) < parent) next++;
                boolean drop = false;
                for (int j = next; j < order.length && (int) (order[j] >>> 32) == parent && !drop; j++) {
                    drop = sameState(d, base, (int) order[j]);
                }
                if (drop) {
                    if (edges != null) edges.dropped(before + k, d, base, ~frontier.freeMask);
                    continue;
                }
                if (kept != k) System.arraycopy(d, base, d, (p.start + kept) * entryWords, entryWords);
                kept++;
            }
            p.count = kept;
        }

        /** Whether the entry holds the record's state (its fingerprint, in hash-compaction mode). */
        private boolean sameState(long[] d, int base, int record) {
            System.arraycopy(d, base, probe, 0, width);
            probe[width - 1] &= ~frontier.freeMask;
            if (compact) return table.keyHash(probe, 0) == table.keyHash(states, record * width);
            for (int w = 0; w < width; w++) {
                if (probe[w] != states[record * width + w]) return false;
            }
            return true;
        }
    }
}
