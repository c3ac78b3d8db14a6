package twcheck.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exhaustive, level-synchronous breadth-first exploration over packed states, on one or more
 * threads.
 *
 * <p>The search works on {@code long} words throughout: the frontier is a list of fixed-size
 * {@code long[]} pieces holding each state's words and its parent's number, the visited set is a
 * {@link VisitedTable} over the same words, and successor generation writes into one scratch
 * array per worker. Nothing is allocated per state.
 *
 * <p>The result does not depend on the number of threads. States are numbered level by level in
 * the order a sequential search would find them: by the number of the first parent, then by the
 * order in which that parent's successors are generated. Threads expand pieces of the level in
 * parallel; when two threads reach the same new state, the visited set keeps the smaller parent
 * (see {@link VisitedTable#insert}) and the thread that lowered a parent link notes the entry the
 * other thread had written; at the end of the level each piece's discoveries are concatenated in
 * piece order, dropping the noted entries, which is exactly the sequential order. First hits of
 * labels and deadlocks are the minimum over threads, so counterexamples are the same shortest runs
 * for every thread count.
 *
 * <p>When asked to ({@link SearchOptions#graph}), the search also records the state graph by state
 * number ({@link GraphRecorder}): the visited set then keeps each state's number once its level is
 * finished, so that an edge to an older state is written with its target's number at once.
 */
public final class BreadthFirstSearch {
    /** Words per frontier array: just under 1 MiB with its header, one heap region. */
    static final int PIECE_WORDS = (1 << 17) - 4;
    /** States per unit of work (a thread claims one unit at a time). */
    static final int UNIT_STATES = 1024;
    /** Successors collected before they are looked up together (to overlap cache misses). */
    static final int BATCH = 64;

    private static final int RUNNING = 0;
    private static final int CANCELLED = 1;
    private static final int LIMIT = 2;
    private static final int FAILED = 3;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    private final TransitionSystem system;
    private final SearchOptions options;
    private final int unitStates;

    public BreadthFirstSearch(TransitionSystem system, SearchOptions options) {
        this(system, options, UNIT_STATES);
    }

    /** With units of work of {@code unitStates} states (tests use tiny units to stress the threads). */
    BreadthFirstSearch(TransitionSystem system, SearchOptions options, int unitStates) {
        if (unitStates < 1) throw new IllegalArgumentException("unitStates must be at least 1");
        this.system = system;
        this.options = options;
        this.unitStates = unitStates;
    }

    public SearchResult run() {
        return new Run().execute();
    }

    /**
     * A run of frontier entries in one array, starting at entry {@code start}: each entry is a
     * state's words and its parent's number (in the free high bits of the last word when the model
     * leaves 32 of them, else in one more word).
     */
    static final class Piece {
        final long[] data;
        final int start;
        int count;
        /** Entries appended, before any was dropped as lost. */
        int originalCount;
        int firstId;

        Piece(long[] data, int start) {
            this.data = data;
            this.start = start;
        }
    }

    private final class Run {
        final long started = System.nanoTime();
        final int width = system.stateWords();
        final int labelCount = system.labelNames().size();
        final int threads = options.threads();
        final MemoryBudget budget = MemoryBudget.of(options.memoryBudget());
        final boolean compact = options.storage() == SearchOptions.Storage.HASH_COMPACTION;
        final VisitedTable table;
        /** Records the graph, or null. */
        final GraphRecorder graph;
        /** Only counted when the graph is recorded: traces then come from the graph, complete or not. */
        final ParentLinks parents;
        GraphRecorder.UnitEdges[] unitEdges = new GraphRecorder.UnitEdges[0];
        Pool workerPool;
        final ArrayDeque<long[]> pool = new ArrayDeque<>();
        final long freeMask;
        /** Parent numbers ride in the high 32 bits of a frontier entry's last word. */
        final boolean parentInState;
        final int entryWords;
        /** Where in a frontier entry its state's slot locator is (recording the graph only). */
        final int locatorWord;
        final int pieceEntries;

        final Hit[] hits;
        long hitMask;
        long transitions;
        long deadlocks;
        long expanded;
        int firstDeadlock = -1;
        int firstDeadlockDepth = -1;
        int initialStates;

        // The level being expanded, shared with the workers.
        volatile int depth;
        int levelStart;
        int levelEnd;
        Piece[] units = new Piece[0];
        int[] unitFirst = new int[0];
        List<Piece>[] outputs;
        boolean[] dirty;
        List<long[]> levelArrays = new ArrayList<>();
        final AtomicInteger nextUnit = new AtomicInteger();
        volatile int stop = RUNNING;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final boolean limited = options.maxStates() != Long.MAX_VALUE;
        final AtomicLong stored = new AtomicLong();
        final AtomicLong nextProgress = new AtomicLong();
        /** Frontier arrays allocated (each accounted to the budget until the search ends). */
        final AtomicInteger frontierArrays = new AtomicInteger();

        Run() {
            if (labelCount > 64) throw new IllegalArgumentException("at most 64 labels");
            hits = new Hit[labelCount];
            int free = Math.max(0, Math.min(64, system.freeHighBits()));
            freeMask = free == 0 ? 0 : -1L << (64 - free);
            parentInState = free >= 32;
            graph = options.graph() == null ? null : new GraphRecorder(options.graph(), width, budget);
            locatorWord = parentInState ? width : width + 1;
            // with a recorded graph, each entry also keeps where its state is stored (to number it)
            entryWords = locatorWord + (graph != null ? 1 : 0);
            pieceEntries = PIECE_WORDS / entryWords;
            parents = graph == null ? ParentLinks.kept(budget) : ParentLinks.counted();
            table = new VisitedTable(width, free, compact, threads, budget, graph != null);
            nextProgress.set(started + PROGRESS_EVERY_NANOS);
        }

        SearchResult execute() {
            String incomplete = null;
            Worker[] workers = new Worker[threads];
            for (int i = 0; i < threads; i++) workers[i] = new Worker(i);
            Pool threadsPool = null;
            try {
                if (threads > 1) threadsPool = new Pool(workers);
                workerPool = threadsPool;
                List<Piece> next = initialLevel(workers[0]);
                initialStates = parents.size();
                levelEnd = initialStates;
                while (!next.isEmpty()) {
                    startLevel(next);
                    if (threadsPool != null) threadsPool.runLevel();
                    else workers[0].work();
                    mergeLevel(workers);
                    Throwable failed = failure.get();
                    if (failed != null) {
                        if (failed instanceof MemoryBudget.OutOfBudget || failed instanceof OutOfMemoryError) {
                            incomplete = memoryReport(failed);
                            break;
                        }
                        if (failed instanceof RuntimeException r) throw r;
                        if (failed instanceof Error err) throw err;
                        throw new IllegalStateException("a search thread failed", failed);
                    }
                    if (stop == CANCELLED) {
                        incomplete = "interrupted";
                        break;
                    }
                    if (stop == LIMIT && expanded < table.size()) {
                        incomplete = "state limit of " + options.maxStates() + " reached";
                        break;
                    }
                    next = finishLevel(workers);
                    if (next.isEmpty()) break;
                    if ((hitMask & options.stopLabels()) != 0) {
                        incomplete = "stopped at the first violation";
                        break;
                    }
                    if (options.stopAtDeadlock() && firstDeadlock >= 0) {
                        incomplete = "stopped at the first deadlock";
                        break;
                    }
                    depth++;
                    levelStart = levelEnd;
                    levelEnd = parents.size();
                }
            } catch (MemoryBudget.OutOfBudget | OutOfMemoryError e) {
                incomplete = memoryReport(e);
            } finally {
                if (threadsPool != null) threadsPool.shutDown();
                units = new Piece[0];
                outputs = null;
                levelArrays = null;
                pool.clear();
                // the frontier's arrays are garbage now: their memory goes back to the budget
                budget.release(8L * PIECE_WORDS * frontierArrays.getAndSet(0));
            }
            StateGraph recorded = null;
            if (graph != null) {
                graph.dropBuffers();
                // an incomplete search keeps the levels it finished: enough to rebuild its traces
                recorded = incomplete == null ? graph.build(parents.size(), initialStates)
                        : graph.buildFinished(parents.size(), initialStates);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long distinct = table.size();
            double omission = compact ? omissionProbability(distinct) : 0;
            return new SearchResult(system, table, parents, initialStates, hits, firstDeadlock,
                    firstDeadlockDepth, deadlocks, transitions, depth, seconds, incomplete, options.storage(),
                    omission, threads, recorded, budget);
        }

        private String memoryReport(Throwable e) {
            if (e instanceof GraphRecorder.TooLarge) {
                return String.format(java.util.Locale.ROOT, "%s; the search had stored %,d distinct states and"
                        + " expanded %,d of them, through depth %d", e.getMessage(), table.size(), expanded, depth);
            }
            String what = e instanceof MemoryBudget.OutOfBudget && e.getMessage() != null ? e.getMessage()
                    : "the search's data (the heap is exhausted)";
            return String.format(java.util.Locale.ROOT,
                    "memory limit reached: no room for %s within %,d MiB; the search had stored %,d distinct"
                    + " states and expanded %,d of them, through depth %d",
                    what, budget.limit() >> 20, table.size(), expanded, depth);
        }

        /** Probability that some state was missed because two fingerprints collided (birthday bound). */
        private double omissionProbability(long n) {
            double nn = (double) n;
            return Math.min(1.0, nn * nn / Math.pow(2, 65));
        }

        @SuppressWarnings("unchecked")
        private List<Piece> initialLevel(Worker w) {
            outputs = new List[] {new ArrayList<Piece>()};
            dirty = new boolean[1];
            w.beginUnit(0);
            w.from = -1;
            w.generator.initialStates((action, state, labels) -> {
                checkFree(state);
                if (table.insert(state, 0, table.keyHash(state, 0), -1, 0, w.where) == VisitedTable.NEW) {
                    w.appendFrom(state, 0, -1, w.where[0]);
                }
            });
            return finishLevel(new Worker[] {w});
        }

        void checkFree(long[] state) {
            if ((state[width - 1] & freeMask) != 0) {
                throw new IllegalStateException("the model set bits it declared free in a packed state");
            }
        }

        @SuppressWarnings("unchecked")
        private void startLevel(List<Piece> level) {
            table.beginLevel();
            units = level.toArray(new Piece[0]);
            unitFirst = new int[units.length];
            for (int i = 0; i < units.length; i++) unitFirst[i] = units[i].firstId;
            outputs = new List[units.length];
            dirty = new boolean[units.length];
            if (graph != null) unitEdges = new GraphRecorder.UnitEdges[units.length];
            nextUnit.set(0);
        }

        private void mergeLevel(Worker[] workers) {
            for (int bit = 0; bit < labelCount; bit++) {
                if ((hitMask & (1L << bit)) != 0) continue;
                Worker best = null;
                for (Worker w : workers) {
                    if ((w.levelHits & (1L << bit)) == 0) continue;
                    if (best == null || w.hitFrom[bit] < best.hitFrom[bit]
                            || (w.hitFrom[bit] == best.hitFrom[bit] && w.hitOrdinal[bit] < best.hitOrdinal[bit])) {
                        best = w;
                    }
                }
                if (best != null) {
                    hits[bit] = new Hit(best.hitFrom[bit], best.hitOrdinal[bit], depth + 1);
                    hitMask |= 1L << bit;
                }
            }
            for (Worker w : workers) {
                transitions += w.transitions;
                expanded += w.expanded;
                deadlocks += w.deadlocks;
                if (w.firstDeadlock >= 0 && (firstDeadlockDepth < 0 || firstDeadlockDepth == depth)) {
                    firstDeadlock = firstDeadlock < 0 ? w.firstDeadlock : Math.min(firstDeadlock, w.firstDeadlock);
                    firstDeadlockDepth = depth;
                }
                w.resetLevel();
            }
        }

        /**
         * Puts the new level in order (piece by piece of the old level, dropping states a smaller
         * parent won), numbers its states, records their parents, splits it into units of work and
         * frees the old level's arrays.
         */
        private List<Piece> finishLevel(Worker[] workers) {
            List<Piece> next = new ArrayList<>();
            int id = parents.size();
            Lost lost = new Lost(workers);
            for (int u = 0; u < outputs.length; u++) {
                List<Piece> out = outputs[u];
                if (out == null) continue;
                GraphRecorder.UnitEdges edges = graph != null && u < unitEdges.length ? unitEdges[u] : null;
                if (edges != null) edges.firstOwnNumber = id;
                int appended = 0;
                for (Piece p : out) {
                    if (dirty[u]) lost.dropFrom(p, appended, edges);
                    appended += p.originalCount;
                    long[] d = p.data;
                    for (int k = 0; k < p.count; k++) parents.add(parentAt(d, (p.start + k) * entryWords));
                    for (int k = 0; k < p.count; k += unitStates) {
                        Piece unit = new Piece(d, p.start + k);
                        unit.count = Math.min(unitStates, p.count - k);
                        unit.firstId = id + k;
                        next.add(unit);
                    }
                    id += p.count;
                }
            }
            if (graph != null) recordLevel(next, workers);
            for (long[] a : levelArrays) recycle(a);
            levelArrays = new ArrayList<>();
            for (Worker w : workers) {
                levelArrays.addAll(w.filled);
                w.filled.clear();
                w.array = null;
            }
            units = new Piece[0];
            outputs = null;
            return next;
        }

        /**
         * Gives the new level's states their numbers in the visited set, fills in the edges that
         * were waiting for them (both on every worker), then appends the expanded level's edges in
         * state order.
         */
        private void recordLevel(List<Piece> next, Worker[] workers) {
            graph.checkCapacity(parents.size());
            Piece[] pieces = next.toArray(new Piece[0]);
            GraphRecorder.UnitEdges[] expanded = unitEdges;
            AtomicInteger claimed = new AtomicInteger();
            runOnWorkers(workers, w -> {
                // one store per state where it was inserted; a lookup only if its segment grew since
                long[] words = new long[BATCH * width];
                int[] numbers = new int[BATCH];
                long[] hashes = new long[BATCH + 1];
                int n = 0;
                for (int i = claimed.getAndIncrement(); i < pieces.length; i = claimed.getAndIncrement()) {
                    Piece p = pieces[i];
                    long[] d = p.data;
                    for (int k = 0; k < p.count; k++) {
                        int base = (p.start + k) * entryWords;
                        if (table.setNumberAt(d[base + locatorWord], p.firstId + k)) continue;
                        System.arraycopy(d, base, words, n * width, width);
                        words[n * width + width - 1] &= ~freeMask;
                        numbers[n++] = p.firstId + k;
                        if (n == BATCH) {
                            table.assignNumbers(words, n, numbers, hashes);
                            n = 0;
                        }
                    }
                }
                if (n > 0) table.assignNumbers(words, n, numbers, hashes);
            });
            // only once every new state has its number (the workers have met at the barrier)
            AtomicInteger resolved = new AtomicInteger();
            runOnWorkers(workers, w -> {
                for (int u = resolved.getAndIncrement(); u < expanded.length; u = resolved.getAndIncrement()) {
                    if (expanded[u] != null) expanded[u].resolve(table, graph.classBits);
                }
            });
            graph.append(expanded, copy -> runOnWorkers(workers, w -> copy.applyAsInt(w.index, workers.length)));
            unitEdges = new GraphRecorder.UnitEdges[0];
            graph.levelEnds(parents.size());
        }

        /** Runs {@code task} on every worker thread at once (or on this one), and rethrows a failure. */
        private void runOnWorkers(Worker[] workers, java.util.function.Consumer<Worker> task) {
            if (workerPool != null && workers.length > 1) workerPool.run(task);
            else task.accept(workers[0]);
            Throwable failed = failure.getAndSet(null);
            if (failed instanceof RuntimeException r) throw r;
            if (failed instanceof Error err) throw err;
            if (failed != null) throw new IllegalStateException("a search thread failed", failed);
        }

        int parentAt(long[] data, int base) {
            return parentInState ? (int) (data[base + width - 1] >> 32) : (int) data[base + width];
        }

        /**
         * The entries of the new level that lost their state to a smaller parent (another thread
         * lowered the state's parent link after this entry was written): the old parent and the
         * state of each, sorted by parent, which is the order of the entries too.
         */
        final class Lost {
            final long[] states;
            /** Record indices sorted by parent: (parent << 32) | index. */
            final long[] order;
            final long[] probe = new long[width];
            int next;

            Lost(Worker[] workers) {
                int n = 0;
                for (Worker w : workers) n += w.lostCount;
                states = new long[n * width];
                order = new long[n];
                int k = 0;
                for (Worker w : workers) {
                    for (int i = 0; i < w.lostCount; i++, k++) {
                        System.arraycopy(w.lostStates, i * width, states, k * width, width);
                        order[k] = ((long) w.lostParents[i] << 32) | k;
                    }
                    w.lostCount = 0;
                }
                java.util.Arrays.sort(order);
            }

            /**
             * Removes from the piece the entries recorded as lost, keeping the others in order; tells
             * {@code edges} (if not null) the unit's own entries dropped, numbered from {@code before}.
             */
            void dropFrom(Piece p, int before, GraphRecorder.UnitEdges edges) {
                long[] d = p.data;
                int kept = 0;
                for (int k = 0; k < p.count; k++) {
                    int base = (p.start + k) * entryWords;
                    int parent = parentAt(d, base);
                    while (next < order.length && (int) (order[next] >>> 32) < parent) next++;
                    boolean drop = false;
                    for (int j = next; j < order.length && (int) (order[j] >>> 32) == parent && !drop; j++) {
                        drop = sameState(d, base, (int) order[j]);
                    }
                    if (drop) {
                        if (edges != null) edges.dropped(before + k, d, base, ~freeMask);
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
                probe[width - 1] &= ~freeMask;
                if (compact) return table.keyHash(probe, 0) == table.keyHash(states, record * width);
                for (int w = 0; w < width; w++) {
                    if (probe[w] != states[record * width + w]) return false;
                }
                return true;
            }
        }

        long[] takeArray() {
            synchronized (pool) {
                long[] a = pool.poll();
                if (a != null) return a;
            }
            budget.reserve(8L * PIECE_WORDS, "the search frontier");
            try {
                long[] a = new long[PIECE_WORDS];
                frontierArrays.incrementAndGet();
                return a;
            } catch (OutOfMemoryError e) {
                budget.release(8L * PIECE_WORDS);
                throw new MemoryBudget.OutOfBudget("the search frontier (the heap is exhausted)");
            }
        }

        void recycle(long[] a) {
            synchronized (pool) {
                pool.push(a);
            }
        }

        int unitOf(int id) {
            int lo = 0;
            int hi = unitFirst.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (unitFirst[mid] <= id) lo = mid;
                else hi = mid - 1;
            }
            return lo;
        }

        void poll(int unit) {
            if (options.cancelled().getAsBoolean()) stop = CANCELLED;
            SearchOptions.ProgressListener listener = options.progress();
            if (listener == null) return;
            long now = System.nanoTime();
            long due = nextProgress.get();
            if (now >= due && nextProgress.compareAndSet(due, now + PROGRESS_EVERY_NANOS)) {
                long distinct = table.size();
                long left = unit < unitFirst.length ? levelEnd - unitFirst[unit] : 0;
                listener.report(distinct, depth, left + Math.max(0, distinct - levelEnd), (now - started) / 1e9);
            }
        }

        /** Padding so that the hot fields of two workers never share a cache line. */
        class PaddedBefore {
            long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
        }

        /** Expands units of the current level; one per thread. */
        final class Worker extends WorkerFields {
            Worker(int index) {
                super(index);
            }

            long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
        }

        abstract class WorkerFields extends PaddedBefore implements Successors.Sink {
            final int index;
            final Successors generator = system.newSuccessors();
            final int[] hitFrom = new int[labelCount];
            final int[] hitOrdinal = new int[labelCount];
            final long[] state = new long[width];
            final long[] batch = new long[BATCH * width];
            final long[] batchHash = new long[BATCH];
            final int[] batchFrom = new int[BATCH];
            /** Where each batched successor's edge goes in {@link #edgesOut} (when recording the graph). */
            final int[] batchEdge = new int[BATCH];
            /** The slot locator of the state last stored or lowered (recording the graph only). */
            final long[] where = new long[1];
            GraphRecorder.UnitEdges edgesOut;
            int[] lostParents = new int[16];
            long[] lostStates = new long[16 * width];
            int lostCount;
            int batched;
            /** Sum of the touched slots' words: kept so that the touching loads are not optimised away. */
            long touched;
            long levelHits;
            long transitions;
            long expanded;
            long deadlocks;
            int firstDeadlock = -1;

            int from;
            int ordinal;
            int start;
            List<Piece> out;
            Piece piece;
            long[] array;
            int arrayUsed;
            final List<long[]> filled = new ArrayList<>();

            WorkerFields(int index) {
                this.index = index;
            }

            void resetLevel() {
                levelHits = 0;
                transitions = 0;
                expanded = 0;
                deadlocks = 0;
                firstDeadlock = -1;
            }

            void work() {
                try {
                    start = levelStart;
                    while (stop == RUNNING) {
                        int u = nextUnit.getAndIncrement();
                        if (u >= units.length) break;
                        poll(u);
                        if (stop != RUNNING) break;
                        table.quiescent(index);
                        expand(u);
                    }
                    table.quiescent(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop = FAILED;
                }
            }

            void beginUnit(int u) {
                out = new ArrayList<>(1);
                outputs[u] = out;
                piece = null;
                if (graph != null && u < unitEdges.length) {
                    edgesOut = graph.take();
                    unitEdges[u] = edgesOut;
                }
            }

            private void expand(int u) {
                Piece in = units[u];
                beginUnit(u);
                long[] data = in.data;
                int flushAt = limited ? 1 : BATCH / 2;
                long clear = ~freeMask;
                for (int k = 0; k < in.count; k++) {
                    if (stop != RUNNING) break;
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
                    if (batched >= flushAt) flush();
                    if (limited && stored.get() >= options.maxStates()) {
                        stop = LIMIT;
                        break;
                    }
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
                System.arraycopy(next, 0, batch, batched * width, width);
                if (graph != null) {
                    int at = edgesOut.nextEdge(graph.actionClass(action));
                    batchEdge[batched] = at;
                }
                batchFrom[batched++] = from;
            }

            /** Looks up the batch: first touch every home slot (overlapping the misses), then insert in order. */
            private void flush() {
                int n = batched;
                if (n == 0) return;
                long t = 0;
                for (int i = 0; i < n; i++) {
                    long h = table.keyHash(batch, i * width);
                    batchHash[i] = h;
                    t += table.touch(h);
                }
                touched += t;
                for (int i = 0; i < n; i++) {
                    int parent = batchFrom[i];
                    int r = table.insert(batch, i * width, batchHash[i], parent, start, where);
                    if (graph != null) {
                        if (VisitedTable.isNumber(r)) {
                            edgesOut.target(batchEdge[i], VisitedTable.numberOf(r), graph.classBits);
                            continue;
                        }
                        // NEW or lowered: this unit's next own entry holds the state
                        if (r == VisitedTable.PRESENT) edgesOut.pendingForeign(batchEdge[i], batch, i * width);
                        else edgesOut.pendingOwn(batchEdge[i], graph.classBits);
                    }
                    if (r == VisitedTable.PRESENT) continue;
                    if (r == VisitedTable.NEW) {
                        if (limited) stored.incrementAndGet();
                    } else {
                        dirty[unitOf(r)] = true;
                        noteLost(r, batch, i * width);
                    }
                    appendFrom(batch, i * width, parent, where[0]);
                }
                batched = 0;
            }

            /** Records that the entry of {@code state} from parent {@code parent} lost it to a smaller parent. */
            private void noteLost(int parent, long[] state, int offset) {
                if (lostCount == lostParents.length) {
                    lostParents = java.util.Arrays.copyOf(lostParents, lostCount * 2);
                    lostStates = java.util.Arrays.copyOf(lostStates, lostCount * 2 * width);
                }
                lostParents[lostCount] = parent;
                System.arraycopy(state, offset, lostStates, lostCount * width, width);
                lostCount++;
            }

            /** Appends an entry for the state, with its parent's number and (recording the graph) its slot locator. */
            void appendFrom(long[] src, int offset, int parent, long locator) {
                Piece p = piece;
                if (array == null || arrayUsed == pieceEntries) {
                    array = takeArray();
                    filled.add(array);
                    arrayUsed = 0;
                    p = null;
                }
                if (p == null) {
                    p = new Piece(array, arrayUsed);
                    out.add(p);
                    piece = p;
                }
                long[] d = array;
                int base = arrayUsed * entryWords;
                System.arraycopy(src, offset, d, base, width);
                if (parentInState) {
                    d[base + width - 1] |= (long) parent << 32;
                } else {
                    d[base + width] = parent;
                }
                if (graph != null) d[base + locatorWord] = locator;
                arrayUsed++;
                p.count++;
                p.originalCount++;
            }

            private void noteLabels(long labels, int n) {
                for (long rest = labels & ~levelHits & ~hitMask; rest != 0; rest &= rest - 1) {
                    int bit = Long.numberOfTrailingZeros(rest);
                    hitFrom[bit] = from;
                    hitOrdinal[bit] = n;
                    levelHits |= 1L << bit;
                }
            }
        }

        /** Worker threads 1..N-1; the calling thread is worker 0. */
        final class Pool {
            final Worker[] workers;
            final CyclicBarrier begin;
            final CyclicBarrier end;
            final Thread[] threads;
            volatile boolean finished;

            Pool(Worker[] workers) {
                this.workers = workers;
                begin = new CyclicBarrier(workers.length);
                end = new CyclicBarrier(workers.length);
                threads = new Thread[workers.length - 1];
                for (int i = 1; i < workers.length; i++) {
                    Worker w = workers[i];
                    Thread t = new Thread(() -> loop(w), "twcheck-worker-" + i);
                    t.setDaemon(true);
                    // whatever escapes (an OutOfMemoryError in the handler of another, say) ends the
                    // search quietly: the main thread reports it, nothing is printed from here
                    t.setUncaughtExceptionHandler((thread, e) -> {
                        failure.compareAndSet(null, e);
                        stop = FAILED;
                    });
                    threads[i - 1] = t;
                    t.start();
                }
            }

            /** What every worker runs next. */
            volatile java.util.function.Consumer<Worker> task;

            private void loop(Worker w) {
                try {
                    while (true) {
                        begin.await();
                        if (finished) return;
                        runGuarded(w);
                        end.await();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    // the search is over
                } catch (Throwable e) { // out of memory at the barrier, say: end the search, do not leave the others waiting
                    failure.compareAndSet(null, e);
                    stop = FAILED;
                    begin.reset();
                    end.reset();
                }
            }

            private void runGuarded(Worker w) {
                try {
                    task.accept(w);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop = FAILED;
                }
            }

            void runLevel() {
                run(Worker::work);
            }

            /** Runs {@code what} on every worker at once, this thread being worker 0. */
            void run(java.util.function.Consumer<Worker> what) {
                task = what;
                try {
                    begin.await();
                    runGuarded(workers[0]);
                    end.await();
                } catch (InterruptedException | BrokenBarrierException e) {
                    failure.compareAndSet(null, e);
                    stop = FAILED;
                }
            }

            void shutDown() {
                finished = true;
                begin.reset();
                for (Thread t : threads) t.interrupt();
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
