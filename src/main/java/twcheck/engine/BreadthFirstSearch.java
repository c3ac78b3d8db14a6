package twcheck.engine;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exhaustive, level-synchronous breadth-first exploration over packed states, on one or more
 * threads.
 *
 * <p>The search works on {@code long} words throughout: the {@link Frontier} is a list of
 * fixed-size {@code long[]} pieces holding each state's words and its parent's number, the visited
 * set is a {@link VisitedTable} over the same words, and successor generation writes into one
 * scratch array per {@link Worker}. Nothing is allocated per state.
 *
 * <p>The result does not depend on the number of threads. States are numbered level by level in
 * the order a sequential search would find them: by the number of the first parent, then by the
 * order in which that parent's successors are generated. Threads ({@link WorkerPool}) expand units
 * of the level in parallel; when two threads reach the same new state, the visited set keeps the
 * smaller parent (see {@link VisitedTable#insert}) and the thread that lowered a parent link notes
 * the entry the other thread had written; at the end of the level each unit's discoveries are
 * concatenated in unit order, dropping the noted entries, which is exactly the sequential order
 * ({@link LevelOrder}). First hits of labels and deadlocks are the minimum over threads, so
 * counterexamples are the same shortest runs for every thread count.
 *
 * <p>When asked to ({@link SearchOptions#graph}), the search also records the state graph by state
 * number ({@link GraphRecorder}): the visited set then keeps each state's number once its level is
 * finished, so that an edge to an older state is written with its target's number at once.
 */
public final class BreadthFirstSearch {
    /** States per unit of work (a thread claims one unit at a time). */
    static final int UNIT_STATES = 1024;
    /** Under a state limit, the most units expanded between two looks at the limit. */
    private static final int MAX_WAVE_UNITS = 64;
    /** Successors collected before they are looked up together (to overlap cache misses). */
    static final int BATCH = Worker.BATCH;

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

    /** One search: the level loop, and what is merged from the workers between levels. */
    private final class Run implements Worker.Poll {
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
        final Frontier frontier;
        final LevelOrder order;
        final StopSignal signal = new StopSignal();
        final Worker[] workers;

        final Hit[] hits;
        long hitMask;
        long transitions;
        long deadlocks;
        long expanded;
        int firstDeadlock = -1;
        int firstDeadlockDepth = -1;
        int initialStates;

        /** The level being expanded (read by the progress reports of every worker). */
        volatile int depth;
        volatile int levelEnd;
        final AtomicLong nextProgress = new AtomicLong();

        Run() {
            if (labelCount > 64) throw new IllegalArgumentException("at most 64 labels");
            hits = new Hit[labelCount];
            graph = options.graph() == null ? null : new GraphRecorder(options.graph(), width, budget);
            parents = graph == null ? ParentLinks.kept(budget) : ParentLinks.counted();
            int free = Math.max(0, Math.min(64, system.freeHighBits()));
            table = new VisitedTable(width, free, compact, threads, budget, graph != null);
            frontier = new Frontier(width, free, graph != null, budget);
            order = new LevelOrder(frontier, parents, table, unitStates, graph != null, compact);
            workers = new Worker[threads];
            for (int i = 0; i < threads; i++) {
                workers[i] = Worker.create(i, system, table, frontier, order, graph, signal, this);
            }
            nextProgress.set(started + PROGRESS_EVERY_NANOS);
        }

        SearchResult execute() {
            String incomplete = null;
            WorkerPool pool = null;
            try {
                pool = new WorkerPool(workers, signal);
                List<Frontier.Piece> next = initialLevel(pool);
                initialStates = parents.size();
                levelEnd = initialStates;
                int levelStart = 0;
                while (!next.isEmpty()) {
                    table.beginLevel();
                    frontier.startLevel(next);
                    order.begin(frontier.unitCount(), true);
                    for (Worker w : workers) w.beginLevel(levelStart, hitMask);
                    expandLevel(pool);
                    mergeLevel();
                    Throwable failed = signal.failure();
                    if (failed != null) {
                        if (failed instanceof MemoryBudget.OutOfBudget || failed instanceof OutOfMemoryError) {
                            incomplete = memoryReport(failed);
                            break;
                        }
                        if (failed instanceof RuntimeException r) throw r;
                        if (failed instanceof Error err) throw err;
                        throw new IllegalStateException("a search thread failed", failed);
                    }
                    if (signal.reason() == StopSignal.Reason.CANCELLED) {
                        incomplete = "interrupted";
                        break;
                    }
                    if (signal.reason() == StopSignal.Reason.LIMIT && expanded < table.size()) {
                        incomplete = "state limit of " + options.maxStates() + " reached";
                        break;
                    }
                    next = finishLevel(pool);
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
                if (pool != null) pool.shutDown();
                order.clear();
                // the frontier's arrays are garbage now: their memory goes back to the budget
                frontier.release();
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

        /**
         * Expands the level. Under a state limit it goes in waves of units, the limit being looked
         * at only between waves: the states stored then are the successors of a prefix of the
         * level in its fixed order, so the search stops at the same count for any number of
         * threads. A wave is sized from the room left (a unit's states per state of room, at
         * least one unit), so it passes the limit by at most what one unit adds near the end.
         */
        private void expandLevel(WorkerPool pool) {
            long limit = options.maxStates();
            if (limit == Long.MAX_VALUE) {
                pool.runLevel();
                return;
            }
            int units = frontier.unitCount();
            int from = 0;
            while (from < units && signal.running()) {
                long room = limit - table.size();
                if (room <= 0) {
                    signal.stop(StopSignal.Reason.LIMIT);
                    return;
                }
                int wave = (int) Math.max(1, Math.min(MAX_WAVE_UNITS, room / unitStates));
                frontier.allowUnits(from, from + wave);
                pool.runLevel();
                from += wave;
            }
            if (signal.running() && table.size() >= limit) signal.stop(StopSignal.Reason.LIMIT);
        }

        private String memoryReport(Throwable e) {
            if (e instanceof GraphRecorder.TooLarge) {
                return String.format(Locale.ROOT, "%s; the search had stored %,d distinct states and"
                        + " expanded %,d of them, through depth %d", e.getMessage(), table.size(), expanded, depth);
            }
            String what = e instanceof MemoryBudget.OutOfBudget && e.getMessage() != null ? e.getMessage()
                    : "the search's data (the heap is exhausted)";
            return String.format(Locale.ROOT,
                    "memory limit reached: no room for %s within %,d MiB; the search had stored %,d distinct"
                    + " states and expanded %,d of them, through depth %d",
                    what, budget.limit() >> 20, table.size(), expanded, depth);
        }

        /** Probability that some state was missed because two fingerprints collided (birthday bound). */
        private double omissionProbability(long n) {
            double nn = (double) n;
            return Math.min(1.0, nn * nn / Math.pow(2, 65));
        }

        private List<Frontier.Piece> initialLevel(WorkerPool pool) {
            order.begin(1, false);
            workers[0].initialStates();
            return finishLevel(pool);
        }

        /** The first label hits and deadlock of the level (the smallest over the workers), and their counts. */
        private void mergeLevel() {
            for (int bit = 0; bit < labelCount; bit++) {
                if ((hitMask & (1L << bit)) != 0) continue;
                Worker best = null;
                for (Worker w : workers) {
                    if ((w.levelHits() & (1L << bit)) == 0) continue;
                    if (best == null || w.hitFrom(bit) < best.hitFrom(bit)
                            || (w.hitFrom(bit) == best.hitFrom(bit) && w.hitOrdinal(bit) < best.hitOrdinal(bit))) {
                        best = w;
                    }
                }
                if (best != null) {
                    hits[bit] = new Hit(best.hitFrom(bit), best.hitOrdinal(bit), depth + 1);
                    hitMask |= 1L << bit;
                }
            }
            for (Worker w : workers) {
                transitions += w.transitions();
                expanded += w.expanded();
                deadlocks += w.deadlocks();
                int first = w.firstDeadlock();
                if (first >= 0 && (firstDeadlockDepth < 0 || firstDeadlockDepth == depth)) {
                    firstDeadlock = firstDeadlock < 0 ? first : Math.min(firstDeadlock, first);
                    firstDeadlockDepth = depth;
                }
            }
        }

        /**
         * Puts the new level in order and numbers it ({@link LevelOrder#finish}), numbers its states
         * in the graph too, and lets the frontier reuse the expanded level's arrays.
         */
        private List<Frontier.Piece> finishLevel(WorkerPool pool) {
            LevelOrder.Lost[] lost = new LevelOrder.Lost[workers.length];
            for (int i = 0; i < workers.length; i++) lost[i] = workers[i].lost();
            List<Frontier.Piece> next = order.finish(lost);
            if (graph != null) recordLevel(next, pool);
            Frontier.Writer[] writers = new Frontier.Writer[workers.length];
            for (int i = 0; i < workers.length; i++) writers[i] = workers[i].writer();
            frontier.retireLevel(writers);
            return next;
        }

        /**
         * Gives the new level's states their numbers in the visited set, fills in the edges that
         * were waiting for them (both on every worker), then appends the expanded level's edges in
         * state order.
         */
        private void recordLevel(List<Frontier.Piece> next, WorkerPool pool) {
            graph.checkCapacity(parents.size());
            Frontier.Piece[] pieces = next.toArray(new Frontier.Piece[0]);
            GraphRecorder.UnitEdges[] expanded = order.takeEdges();
            int locatorWord = frontier.locatorWord;
            int entryWords = frontier.entryWords;
            long freeMask = frontier.freeMask;
            AtomicInteger claimed = new AtomicInteger();
            pool.runAndRethrow(w -> {
                // one store per state where it was inserted; a lookup only if its segment grew since
                long[] words = new long[BATCH * width];
                int[] numbers = new int[BATCH];
                long[] hashes = new long[BATCH + 1];
                int n = 0;
                for (int i = claimed.getAndIncrement(); i < pieces.length; i = claimed.getAndIncrement()) {
                    Frontier.Piece p = pieces[i];
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
            pool.runAndRethrow(w -> {
                for (int u = resolved.getAndIncrement(); u < expanded.length; u = resolved.getAndIncrement()) {
                    if (expanded[u] != null) expanded[u].resolve(table, graph.classBits);
                }
            });
            int workerCount = pool.size();
            graph.append(expanded, copy -> pool.runAndRethrow(w -> copy.applyAsInt(w.index, workerCount)));
            graph.levelEnds(parents.size());
        }

        /** Between units: the cancellation flag, and now and then a progress report. */
        @Override
        public void beforeUnit(int unit) {
            if (options.cancelled().getAsBoolean()) signal.stop(StopSignal.Reason.CANCELLED);
            SearchOptions.ProgressListener listener = options.progress();
            if (listener == null) return;
            long now = System.nanoTime();
            long due = nextProgress.get();
            if (now >= due && nextProgress.compareAndSet(due, now + PROGRESS_EVERY_NANOS)) {
                long distinct = table.size();
                int end = levelEnd;
                long left = end - frontier.firstIdOf(unit, end);
                listener.report(distinct, transitions, depth, left + Math.max(0, distinct - end), (now - started) / 1e9);
            }
        }
    }
}
