package twcheck.engine;

import java.util.List;

/**
 * Expands units of the level being expanded, one thread's share: for each state, generates its
 * successors, looks them up in the visited set a batch at a time, and appends the new ones to the
 * next level through its own {@link Frontier.Writer}. It notes the first transition carrying each
 * label and the first deadlock it meets, and (recording the graph) writes the unit's edges.
 *
 * <p>A worker shares nothing mutable with the others but the visited set, the frontier's claim
 * counter and the {@link StopSignal}; the search reads its counts ({@link #transitions} and the
 * rest) between levels, after the threads have met.
 */
class Worker extends PaddedBefore implements Successors.Sink {
    /** Successors collected before they are looked up together (to overlap cache misses). */
    static final int BATCH = 64;

    /** Between units of work: cancellation and progress reports (the search decides). */
    @FunctionalInterface
    interface Poll {
        /** Called before unit {@code unit} is expanded. */
        void beforeUnit(int unit);
    }

    final int index;
    private final TransitionSystem system;
    private final Successors generator;
    private final VisitedTable table;
    private final Frontier frontier;
    private final Frontier.Writer writer;
    private final LevelOrder order;
    private final LevelOrder.Lost lost;
    /** Records the graph, or null. */
    private final GraphRecorder graph;
    private final StopSignal signal;
    private final Poll poll;
    private final int width;
    private final long freeMask;

    private final int[] hitFrom;
    private final int[] hitOrdinal;
    private final long[] state;
    private final long[] batchWords;
    private final long[] batchHash = new long[BATCH];
    private final int[] batchFrom = new int[BATCH];
    /** Where each batched successor's edge goes in {@link #edgesOut} (when recording the graph). */
    private final int[] batchEdge = new int[BATCH];
    /** The slot locator of the state last stored or lowered (recording the graph only). */
    private final long[] where = new long[1];
    private GraphRecorder.UnitEdges edgesOut;
    private int batched;
    /** Sum of the touched slots' words: kept so that the touching loads are not optimised away. */
    private long touched;
    /** Labels already hit before this level (no need to note them again). */
    private long hitBefore;
    private long levelHits;
    private long transitions;
    private long expanded;
    private long deadlocks;
    private int firstDeadlock = -1;

    /** The state being expanded, its successors' count so far, and the first number of the level. */
    private int from;
    private int ordinal;
    private int levelStart;

    /**
     * A new worker, padded at both ends so that the fields of two workers never share a cache line.
     */
    static Worker create(int index, TransitionSystem system, VisitedTable table, Frontier frontier, LevelOrder order,
            GraphRecorder graph, StopSignal signal, Poll poll) {
        return new Padded(index, system, table, frontier, order, graph, signal, poll);
    }

    private Worker(int index, TransitionSystem system, VisitedTable table, Frontier frontier, LevelOrder order,
            GraphRecorder graph, StopSignal signal, Poll poll) {
        this.index = index;
        this.system = system;
        this.generator = system.newSuccessors();
        this.table = table;
        this.frontier = frontier;
        this.writer = frontier.newWriter();
        this.order = order;
        this.graph = graph;
        this.signal = signal;
        this.poll = poll;
        this.width = frontier.width;
        this.freeMask = frontier.freeMask;
        this.lost = new LevelOrder.Lost(width);
        int labels = system.labelNames().size();
        this.hitFrom = new int[labels];
        this.hitOrdinal = new int[labels];
        this.state = new long[width];
        this.batchWords = new long[BATCH * width];
    }

    /** The end padding: the subclass's fields come after the worker's. */
    private static final class Padded extends Worker {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        Padded(int index, TransitionSystem system, VisitedTable table, Frontier frontier, LevelOrder order,
                GraphRecorder graph, StopSignal signal, Poll poll) {
            super(index, system, table, frontier, order, graph, signal, poll);
        }
    }

    Frontier.Writer writer() {
        return writer;
    }

    LevelOrder.Lost lost() {
        return lost;
    }

    /**
     * Prepares the expansion of a level whose states are numbered from {@code levelStart};
     * {@code hitBefore} has the labels hit in earlier levels. Call between levels.
     */
    void beginLevel(int levelStart, long hitBefore) {
        this.levelStart = levelStart;
        this.hitBefore = hitBefore;
        levelHits = 0;
        transitions = 0;
        expanded = 0;
        deadlocks = 0;
        firstDeadlock = -1;
    }

    long levelHits() {
        return levelHits;
    }

    /** For a label hit in this level: the number of the state whose transition first carried it. */
    int hitFrom(int bit) {
        return hitFrom[bit];
    }

    /** For a label hit in this level: that transition's ordinal among the state's successors. */
    int hitOrdinal(int bit) {
        return hitOrdinal[bit];
    }

    long transitions() {
        return transitions;
    }

    long expanded() {
        return expanded;
    }

    long deadlocks() {
        return deadlocks;
    }

    /** The smallest number of a deadlocked state this worker met in the level, or -1. */
    int firstDeadlock() {
        return firstDeadlock;
    }

    /** Stores the initial states (the initial level's one unit, without edges). */
    void initialStates() {
        writer.startUnit(order.output(0));
        from = -1;
        generator.initialStates((action, s, labels) -> {
            checkFree(s);
            if (table.insert(s, 0, table.keyHash(s, 0), -1, 0, where) == VisitedTable.NEW) {
                writer.append(s, 0, -1, where[0]);
            }
        });
    }

    /** Expands units of the level until none is left or the search stops; a failure stops the search. */
    void work() {
        try {
            while (signal.running()) {
                int u = frontier.claim();
                if (u < 0) break;
                poll.beforeUnit(u);
                if (!signal.running()) break;
                table.quiescent(index);
                expand(u);
            }
            table.quiescent(index);
        } catch (Throwable e) {
            signal.fail(e);
        }
    }

    private void expand(int u) {
        Frontier.Piece in = frontier.unit(u);
        writer.startUnit(order.output(u));
        if (graph != null && order.recordsEdges(u)) {
            edgesOut = graph.take();
            order.setEdges(u, edgesOut);
        }
        long[] data = in.data;
        int entryWords = frontier.entryWords;
        long clear = ~freeMask;
        for (int k = 0; k < in.count; k++) {
            if (!signal.running()) break;
            int base = (in.start + k) * entryWords;
            System.arraycopy(data, base, state, 0, width);
            state[width - 1] &= clear;
            from = in.firstId + k;
            ordinal = 0;
            generator.successors(state, 0, this);
            if (graph != null) edgesOut.addState(ordinal, graph.predicates(generator, state));
            if (ordinal == 0 && !system.isIntendedEnd(state, 0)) {
                deadlocks++;
                if (firstDeadlock < 0) firstDeadlock = from;
            }
            expanded++;
            if (batched >= BATCH / 2) flush();
        }
        flush();
    }

    @Override
    public void accept(int action, long[] next, long labels) {
        int n = ordinal++;
        transitions++;
        if (labels != 0) noteLabels(labels, n);
        if ((next[width - 1] & freeMask) != 0) checkFree(next);
        if (batched == BATCH) flush();
        System.arraycopy(next, 0, batchWords, batched * width, width);
        if (graph != null) {
            int at = edgesOut.nextEdge(graph.actionClass(action));
            batchEdge[batched] = at;
        }
        batchFrom[batched++] = from;
    }

    private void checkFree(long[] s) {
        if ((s[width - 1] & freeMask) != 0) {
            throw new IllegalStateException("the model set bits it declared free in a packed state");
        }
    }

    /** Looks up the batch: first touch every home slot (overlapping the misses), then insert in order. */
    private void flush() {
        int n = batched;
        if (n == 0) return;
        long[] words = batchWords;
        long t = 0;
        for (int i = 0; i < n; i++) {
            long h = table.keyHash(words, i * width);
            batchHash[i] = h;
            t += table.touch(h);
        }
        touched += t;
        for (int i = 0; i < n; i++) {
            int parent = batchFrom[i];
            int r = table.insert(words, i * width, batchHash[i], parent, levelStart, where);
            if (graph != null) {
                if (VisitedTable.isNumber(r)) {
                    edgesOut.target(batchEdge[i], VisitedTable.numberOf(r), graph.classBits);
                    continue;
                }
                // NEW or lowered: this unit's next own entry holds the state
                if (r == VisitedTable.PRESENT) edgesOut.pendingForeign(batchEdge[i], words, i * width);
                else edgesOut.pendingOwn(batchEdge[i], graph.classBits);
            }
            if (r == VisitedTable.PRESENT) continue;
            if (r != VisitedTable.NEW) lost.add(r, words, i * width);
            writer.append(words, i * width, parent, where[0]);
        }
        batched = 0;
    }

    private void noteLabels(long labels, int n) {
        for (long rest = labels & ~levelHits & ~hitBefore; rest != 0; rest &= rest - 1) {
            int bit = Long.numberOfTrailingZeros(rest);
            hitFrom[bit] = from;
            hitOrdinal[bit] = n;
            levelHits |= 1L << bit;
        }
    }
}
