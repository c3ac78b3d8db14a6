package twcheck.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import twcheck.engine.Successors;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.Property;

/**
 * Random walks from the initial state, for models too large to explore: every safety property
 * and witness is checked at every step, through the transition labels (and, for no-deadlock, the
 * end of a walk in a state with no successors that is not an intended end).
 *
 * <p>Walk {@code k} draws its choices from a generator seeded by (seed, k) alone, so it is the same
 * run whatever the number of threads and whichever thread takes it; for each property the result
 * names the lowest-numbered walk that violates it (and the step), which makes the output the
 * same for every thread count. A walk does not stop at a violation: it goes on to its length
 * limit or a state without successors, checking the other properties.
 *
 * <p>A walk that violates nothing proves nothing: "not violated in N walks" is all a simulation
 * can say of a property, never that it holds.
 */
public final class Simulation {
    private Simulation() {}

    /** How a walk picks the next action among the enabled ones. */
    public enum Bias {
        /** Every enabled action alike. */
        UNIFORM("uniform"),
        /**
         * An action that lets time pass (R0's Tick) only when no other is enabled: deliveries,
         * closes and timeouts first, so that walks of timed models do not spend most steps ticking.
         */
        UNTIMED("untimed");

        private final String word;

        Bias(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /** Receives progress from time to time (from any one thread at a time). */
    @FunctionalInterface
    public interface Progress {
        void walks(long done, long total, long steps, double seconds);
    }

    /**
     * @param walks how many walks, numbered 0..walks-1
     * @param maxSteps the most steps a walk takes
     * @param seed with the walk's number, the only source of its choices
     */
    public record Options(long walks, int maxSteps, long seed, int threads, Bias bias, BooleanSupplier cancelled,
            Progress progress) {
        public Options {
            if (walks < 1) throw new IllegalArgumentException("walks must be at least 1");
            if (maxSteps < 1) throw new IllegalArgumentException("maxSteps must be at least 1");
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** The first walk (lowest number) in which a property is violated or a witness reached, and at which step. */
    public record Finding(Property property, long walk, int length) {}

    /**
     * @param walksDone walks finished (all asked for, unless interrupted)
     * @param steps steps taken in all walks
     * @param distinctStates an estimate (HyperLogLog, about 1% standard error) of the distinct states seen
     * @param deadEnds walks that ended in a state without successors (deadlocks or intended ends)
     * @param found per checked property and witness, its first finding, or null
     */
    public record Result(long walksDone, long walksAsked, long steps, long distinctStates, long deadEnds,
            double seconds, boolean interrupted, List<Property> checked, List<Finding> found) {
        public Finding finding(Property p) {
            int i = checked.indexOf(p);
            return i < 0 ? null : found.get(i);
        }
    }

    /** Which properties a simulation can check: safety properties of labels, no-deadlock, witnesses. */
    public static boolean checkable(Property p) {
        return p.kind() == Property.Kind.ALWAYS_NOT || p.kind() == Property.Kind.SOMETIMES
                || p.kind() == Property.Kind.NO_DEADLOCK;
    }

    /** Runs the walks; checks {@code properties} (those {@link #checkable}; the others are left out). */
    public static Result run(Model model, List<Property> properties, Options options) {
        List<Property> checked = properties.stream().filter(Simulation::checkable).toList();
        TransitionSystem system = model.system();
        int[] bits = labelBits(system, checked);
        long started = System.nanoTime();
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        AtomicLong deadEnds = new AtomicLong();
        long[] firstWalk = new long[checked.size()];
        int[] firstLength = new int[checked.size()];
        Arrays.fill(firstWalk, Long.MAX_VALUE);
        DistinctEstimate distinct = new DistinctEstimate();
        Object lock = new Object();
        long[] lastReport = {System.nanoTime()};
        Runnable worker = () -> {
            Walker walker = new Walker(model, options, bits);
            DistinctEstimate seen = new DistinctEstimate();
            long[] localWalk = new long[bits.length];
            int[] localLength = new int[bits.length];
            Arrays.fill(localWalk, Long.MAX_VALUE);
            for (long w = next.getAndIncrement(); w < options.walks(); w = next.getAndIncrement()) {
                if (options.cancelled().getAsBoolean()) break;
                Walker.Outcome o = walker.walk(w, options.maxSteps(), seen, null);
                for (int i = 0; i < bits.length; i++) {
                    if (o.first[i] >= 0 && w < localWalk[i]) {
                        localWalk[i] = w;
                        localLength[i] = o.first[i];
                    }
                }
                steps.addAndGet(o.steps);
                if (o.deadEnd) deadEnds.incrementAndGet();
                if (!o.cut) done.incrementAndGet();
                if (options.progress() != null && (w & 63) == 0) {
                    synchronized (lock) {
                        long now = System.nanoTime();
                        if (now - lastReport[0] > 200_000_000L) {
                            lastReport[0] = now;
                            options.progress().walks(done.get(), options.walks(), steps.get(), (now - started) / 1e9);
                        }
                    }
                }
            }
            synchronized (lock) {
                distinct.merge(seen);
                for (int i = 0; i < bits.length; i++) {
                    if (localWalk[i] < firstWalk[i]) {
                        firstWalk[i] = localWalk[i];
                        firstLength[i] = localLength[i];
                    }
                }
            }
        };
        List<Thread> threads = new ArrayList<>();
        RuntimeException[] failure = {null};
        for (int t = 0; t < options.threads(); t++) {
            Thread th = new Thread(() -> {
                try {
                    worker.run();
                } catch (RuntimeException | Error e) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    }
                }
            }, "twcheck-simulate-" + t);
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the walks", e);
            }
        }
        if (failure[0] != null) throw failure[0];
        List<Finding> found = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            found.add(firstWalk[i] == Long.MAX_VALUE ? null : new Finding(checked.get(i), firstWalk[i], firstLength[i]));
        }
        boolean interrupted = done.get() < options.walks();
        return new Result(done.get(), options.walks(), steps.get(), distinct.estimate(), deadEnds.get(),
                (System.nanoTime() - started) / 1e9, interrupted, checked, found);
    }

    /** The run of walk {@code walk} up to its step {@code length}, regenerated from (seed, walk). */
    public static Trace walk(Model model, Options options, long walk, int length) {
        Walker walker = new Walker(model, options, new int[0]);
        List<Trace.Step> steps = new ArrayList<>();
        walker.walk(walk, length, new DistinctEstimate(), steps);
        return new Trace(List.copyOf(steps));
    }

    private static int[] labelBits(TransitionSystem system, List<Property> checked) {
        int[] bits = new int[checked.size()];
        for (int i = 0; i < bits.length; i++) {
            Property p = checked.get(i);
            bits[i] = p.kind() == Property.Kind.NO_DEADLOCK ? -1 : system.labelNames().indexOf(p.label());
            if (p.kind() != Property.Kind.NO_DEADLOCK && bits[i] < 0) {
                throw new IllegalArgumentException("the model has no label '" + p.label() + "' for " + p.name());
            }
        }
        return bits;
    }

    /** The generator of walk {@code walk}: a function of (seed, walk) only. */
    static SplittableRandom random(long seed, long walk) {
        return new SplittableRandom(mix(mix(seed) ^ (walk * 0x9E3779B97F4A7C15L)));
    }

    /** SplitMix64's finaliser: every bit of the input affects every bit of the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Walks one run at a time; scratch space for one thread. */
    private static final class Walker {
        final Model model;
        final TransitionSystem system;
        final Successors generator;
        final Options options;
        final int[] bits;
        final int width;
        final long[] initial;
        final int initialCount;
        long[] words = new long[64];
        int[] actions = new int[8];
        long[] labels = new long[8];
        int count;

        Walker(Model model, Options options, int[] bits) {
            this.model = model;
            this.system = model.system();
            this.generator = system.newSuccessors();
            this.options = options;
            this.bits = bits;
            this.width = system.stateWords();
            List<long[]> distinct = new ArrayList<>();
            generator.initialStates((a, next, l) -> {
                for (long[] s : distinct) {
                    if (Arrays.equals(s, next)) return;
                }
                distinct.add(next.clone());
            });
            initialCount = distinct.size();
            initial = new long[initialCount * width];
            for (int i = 0; i < initialCount; i++) System.arraycopy(distinct.get(i), 0, initial, i * width, width);
        }

        static final class Outcome {
            int[] first;
            int steps;
            boolean deadEnd;
            boolean cut;
        }

        /**
         * Walk {@code walk}, at most {@code maxSteps} steps; every state goes into {@code seen}, and
         * into {@code record} (if not null) as a trace step.
         */
        Outcome walk(long walk, int maxSteps, DistinctEstimate seen, List<Trace.Step> record) {
            SplittableRandom random = random(options.seed(), walk);
            Outcome o = new Outcome();
            o.first = new int[bits.length];
            Arrays.fill(o.first, -1);
            long[] state = Arrays.copyOfRange(initial, 0, width);
            if (initialCount > 1) {
                int pick = random.nextInt(initialCount);
                System.arraycopy(initial, pick * width, state, 0, width);
            }
            seen.add(state);
            if (record != null) record.add(Trace.Step.initial(state.clone()));
            for (int step = 1; step <= maxSteps; step++) {
                if ((step & 1023) == 0 && options.cancelled().getAsBoolean()) {
                    o.cut = true;
                    break;
                }
                count = 0;
                generator.successors(state, 0, this::keep);
                if (count == 0) {
                    o.deadEnd = true;
                    if (!system.isIntendedEnd(state, 0)) {
                        for (int i = 0; i < bits.length; i++) {
                            if (bits[i] < 0 && o.first[i] < 0) o.first[i] = step - 1;
                        }
                    }
                    break;
                }
                int chosen = choose(random);
                long l = labels[chosen];
                for (int i = 0; i < bits.length; i++) {
                    if (bits[i] >= 0 && o.first[i] < 0 && (l >>> bits[i] & 1) != 0) o.first[i] = step;
                }
                long[] from = record == null ? null : state.clone();
                System.arraycopy(words, chosen * width, state, 0, width);
                seen.add(state);
                o.steps++;
                if (record != null) {
                    record.add(new Trace.Step(actions[chosen], system.describeAction(from, actions[chosen]), state.clone()));
                }
            }
            return o;
        }

        private void keep(int action, long[] next, long l) {
            if (count == actions.length) {
                actions = Arrays.copyOf(actions, count * 2);
                labels = Arrays.copyOf(labels, count * 2);
            }
            if ((count + 1) * width > words.length) words = Arrays.copyOf(words, Math.max(words.length * 2, (count + 1) * width));
            actions[count] = action;
            labels[count] = l;
            System.arraycopy(next, 0, words, count * width, width);
            count++;
        }

        private int choose(SplittableRandom random) {
            if (options.bias() == Bias.UNTIMED) {
                int untimed = 0;
                for (int i = 0; i < count; i++) {
                    if (!model.advancesTime(actions[i])) untimed++;
                }
                if (untimed > 0) {
                    int k = random.nextInt(untimed);
                    for (int i = 0; i < count; i++) {
                        if (!model.advancesTime(actions[i]) && k-- == 0) return i;
                    }
                }
            }
            return random.nextInt(count);
        }
    }

    /**
     * How many distinct states were seen, estimated by HyperLogLog (2^14 registers: about 0.8%
     * standard error) so that memory does not grow with the walks. Merging takes each register's
     * maximum, so the estimate does not depend on which thread saw which state.
     */
    static final class DistinctEstimate {
        private static final int P = 14;
        private static final int M = 1 << P;
        private final byte[] registers = new byte[M];

        void add(long[] state) {
            long h = 0x9E3779B97F4A7C15L;
            for (long w : state) h = mix(h ^ w) + 0x632BE59BD9B4E019L;
            h = mix(h);
            int index = (int) (h >>> (64 - P));
            int rank = Long.numberOfLeadingZeros((h << P) | (1L << (P - 1))) + 1;
            if (rank > registers[index]) registers[index] = (byte) rank;
        }

        void merge(DistinctEstimate other) {
            for (int i = 0; i < M; i++) registers[i] = (byte) Math.max(registers[i], other.registers[i]);
        }

        long estimate() {
            double sum = 0;
            int zeros = 0;
            for (byte r : registers) {
                sum += Math.scalb(1.0, -r);
                if (r == 0) zeros++;
            }
            double alpha = 0.7213 / (1 + 1.079 / M);
            double e = alpha * M * (double) M / sum;
            if (e <= 2.5 * M && zeros > 0) e = M * Math.log((double) M / zeros); // few states: linear counting
            return Math.round(e);
        }
    }
}
