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
 * (see {@link VisitedTable#insert}), and at the end of the level each piece's discoveries are
 * concatenated in piece order (dropping those another piece won), which is exactly the
 * sequential order. First hits of labels and deadlocks are the minimum over threads, so
 * counterexamples are the same shortest runs for every thread count.
 */
public final class BreadthFirstSearch {
    /** Words per frontier piece (128 KiB). */
    static final int PIECE_WORDS = 1 << 14;

    private static final int RUNNING = 0;
    private static final int CANCELLED = 1;
    private static final int LIMIT = 2;
    private static final int FAILED = 3;
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;

    private final TransitionSystem system;
    private final SearchOptions options;

    public BreadthFirstSearch(TransitionSystem system, SearchOptions options) {
        this.system = system;
        this.options = options;
    }

    public SearchResult run() {
        return new Run().execute();
    }

    /** A run of frontier entries: {@code count} states of {@code width + 1} words each. */
    static final class Piece {
        final long[] data;
        int count;
        int firstId;

        Piece(long[] data) {
            this.data = data;
        }
    }

    private final class Run {
        final long started = System.nanoTime();
        final int width = system.stateWords();
        final int entryWords = width + 1;
        final int pieceEntries = Math.max(1, PIECE_WORDS / entryWords);
        final int labelCount = system.labelNames().size();
        final int threads = options.threads();
        final MemoryBudget budget = MemoryBudget.of(options.memoryBudget());
        final boolean compact = options.storage() == SearchOptions.Storage.HASH_COMPACTION;
        final VisitedTable table;
        final ParentLinks parents = new ParentLinks(budget);
        final ArrayDeque<long[]> pool = new ArrayDeque<>();
        final long freeMask;

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
        final AtomicInteger nextUnit = new AtomicInteger();
        volatile int stop = RUNNING;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final boolean limited = options.maxStates() != Long.MAX_VALUE;
        final AtomicLong stored = new AtomicLong();
        final AtomicLong nextProgress = new AtomicLong();

        Run() {
            int labels = system.labelNames().size();
            if (labels > 64) throw new IllegalArgumentException("at most 64 labels");
            hits = new Hit[labels];
            int free = Math.max(0, Math.min(64, system.freeHighBits()));
            freeMask = free == 0 ? 0 : -1L << (64 - free);
            table = new VisitedTable(width, free, compact, threads > 1, budget);
            nextProgress.set(started + PROGRESS_EVERY_NANOS);
        }

        SearchResult execute() {
            String incomplete = null;
            Worker[] workers = new Worker[threads];
            for (int i = 0; i < threads; i++) workers[i] = new Worker();
            Pool threadsPool = threads > 1 ? new Pool(workers) : null;
            try {
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
                    if (stop == LIMIT) {
                        if (expanded < table.size()) {
                            incomplete = "state limit of " + options.maxStates() + " reached";
                            break;
                        }
                    }
                    next = finishLevel();
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
                    levelEnd = levelStart + countOf(next);
                }
            } catch (MemoryBudget.OutOfBudget | OutOfMemoryError e) {
                incomplete = memoryReport(e);
            } finally {
                if (threadsPool != null) threadsPool.shutDown();
                units = new Piece[0];
                outputs = null;
                pool.clear();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long distinct = table.size();
            double omission = compact ? omissionProbability(distinct) : 0;
            return new SearchResult(system, table, parents, initialStates, hits, firstDeadlock,
                    firstDeadlockDepth, deadlocks, transitions, depth, seconds, incomplete, options.storage(),
                    omission, threads, budget.peak());
        }

        private String memoryReport(Throwable e) {
            String what = e.getMessage() == null ? "the search's data" : e.getMessage();
            return String.format(java.util.Locale.ROOT,
                    "memory limit reached: no room for %s within the budget of %,d MiB (the search had stored"
                    + " %,d distinct states, %,d of them expanded, down to depth %d)",
                    what, budget.limit() >> 20, table.size(), expanded, depth);
        }

        /** Probability that some state was missed because two fingerprints collided (birthday bound). */
        private double omissionProbability(long n) {
            double nn = (double) n;
            return Math.min(1.0, nn * nn / Math.pow(2, 65));
        }

        private List<Piece> initialLevel(Worker w) {
            List<Piece> level = new ArrayList<>();
            Piece[] at = {null};
            w.generator.initialStates((action, state, labels) -> {
                checkFree(state);
                if (table.insert(state, 0, -1, 0) != VisitedTable.NEW) return;
                if (at[0] == null || at[0].count == pieceEntries) {
                    at[0] = new Piece(takeArray());
                    level.add(at[0]);
                }
                Piece p = at[0];
                System.arraycopy(state, 0, p.data, p.count * entryWords, width);
                p.data[p.count * entryWords + width] = -1;
                p.count++;
                parents.add(-1);
            });
            int id = 0;
            for (Piece p : level) {
                p.firstId = id;
                id += p.count;
            }
            stored.set(id);
            return level;
        }

        void checkFree(long[] state) {
            if ((state[width - 1] & freeMask) != 0) {
                throw new IllegalStateException("the model set bits it declared free in a packed state");
            }
        }

        private int countOf(List<Piece> level) {
            int n = 0;
            for (Piece p : level) n += p.count;
            return n;
        }

        @SuppressWarnings("unchecked")
        private void startLevel(List<Piece> level) {
            units = level.toArray(new Piece[0]);
            unitFirst = new int[units.length];
            for (int i = 0; i < units.length; i++) unitFirst[i] = units[i].firstId;
            outputs = new List[units.length];
            dirty = new boolean[units.length];
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

        /** Orders the new level, numbers its states, records their parents; frees the old level. */
        private List<Piece> finishLevel() {
            List<Piece> next = new ArrayList<>();
            int id = levelEnd;
            for (int u = 0; u < units.length; u++) {
                List<Piece> out = outputs[u];
                if (out == null) continue;
                for (Piece p : out) {
                    if (dirty[u]) dropLost(p);
                    if (p.count == 0) {
                        recycle(p.data);
                        continue;
                    }
                    p.firstId = id;
                    id += p.count;
                    long[] d = p.data;
                    for (int k = 0; k < p.count; k++) parents.add((int) d[k * entryWords + width]);
                    next.add(p);
                }
            }
            for (Piece p : units) recycle(p.data);
            units = new Piece[0];
            outputs = null;
            return next;
        }

        /** Drops entries whose state a smaller parent in another piece reached too. */
        private void dropLost(Piece p) {
            long[] d = p.data;
            int kept = 0;
            for (int k = 0; k < p.count; k++) {
                int base = k * entryWords;
                if (table.parentOf(d, base) == (int) d[base + width]) {
                    if (kept != k) System.arraycopy(d, base, d, kept * entryWords, entryWords);
                    kept++;
                }
            }
            p.count = kept;
        }

        long[] takeArray() {
            synchronized (pool) {
                long[] a = pool.poll();
                if (a != null) return a;
            }
            budget.reserve(8L * PIECE_WORDS, "the search frontier");
            try {
                return new long[PIECE_WORDS];
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
                listener.report(distinct, depth, left + (distinct - levelEnd), (now - started) / 1e9);
            }
        }

        /** Expands pieces of the current level; one per thread. */
        final class Worker implements Successors.Sink {
            final Successors generator = system.newSuccessors();
            final int[] hitFrom = new int[labelCount];
            final int[] hitOrdinal = new int[labelCount];
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
                        expand(u);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop = FAILED;
                }
            }

            private void expand(int u) {
                Piece in = units[u];
                out = new ArrayList<>(2);
                outputs[u] = out;
                piece = null;
                long[] data = in.data;
                for (int k = 0; k < in.count; k++) {
                    if (stop != RUNNING) return;
                    int offset = k * entryWords;
                    from = in.firstId + k;
                    ordinal = 0;
                    generator.successors(data, offset, this);
                    if (ordinal == 0 && !system.isIntendedEnd(data, offset)) {
                        deadlocks++;
                        if (firstDeadlock < 0) firstDeadlock = from;
                    }
                    expanded++;
                    if (limited && stored.get() >= options.maxStates()) {
                        stop = LIMIT;
                        return;
                    }
                }
            }

            @Override
            public void accept(int action, long[] next, long labels) {
                int n = ordinal++;
                transitions++;
                if (labels != 0) noteLabels(labels, n);
                if ((next[width - 1] & freeMask) != 0) checkFree(next);
                int r = table.insert(next, 0, from, start);
                if (r == VisitedTable.PRESENT) return;
                if (r == VisitedTable.NEW) {
                    if (limited) stored.incrementAndGet();
                } else {
                    dirty[unitOf(r)] = true;
                }
                Piece p = piece;
                if (p == null || p.count == pieceEntries) {
                    p = new Piece(takeArray());
                    out.add(p);
                    piece = p;
                }
                int base = p.count * entryWords;
                System.arraycopy(next, 0, p.data, base, width);
                p.data[base + width] = from;
                p.count++;
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
                    threads[i - 1] = t;
                    t.start();
                }
            }

            private void loop(Worker w) {
                try {
                    while (true) {
                        begin.await();
                        if (finished) return;
                        w.work();
                        end.await();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    // the search is over
                }
            }

            void runLevel() {
                try {
                    begin.await();
                    workers[0].work();
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
