package twcheck.check;

import java.util.ArrayList;
import java.util.List;
import twcheck.engine.Successors;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.Property;

/**
 * Turns a long run that violates a safety property (or reaches a witness) into a shorter one that
 * still does: delta debugging over its steps (Zeller's ddmin: drop chunks, halving them, keep a
 * run that still violates), then simpler choices (each step's action replaced by the one of the
 * same sort with the smallest action code, e.g. a smaller ISN, wherever the run still violates).
 *
 * <p>A candidate is a list of the original steps; it is run again from the initial state, each
 * step taking the successor of the same name, else of the same action code, else the first of the
 * same sort ({@link Model#actionKind}): dropping a step may change what the later ones are called
 * (a segment's age, its place in the network); a step that finds none depended on a dropped one and
 * is dropped too. A candidate is kept if the property is still violated; the run is cut at its
 * first violation. So every run
 * the shrinker returns is a run of the model, never longer than its input.
 */
public final class Shrinker {
    private Shrinker() {}

    /**
     * @param trace the shortest run found
     * @param tries candidate runs executed
     * @param stopped true if the budget of tries ran out (the run may shrink further)
     */
    public record Outcome(Trace trace, int inputLength, int tries, boolean stopped) {}

    /** Which properties can be shrunk: those a finite run violates (or, witnesses, reaches). */
    public static boolean shrinkable(Property p) {
        return Simulation.checkable(p);
    }

    /**
     * Shrinks {@code input}, which must start in an initial state and violate {@code property}
     * (for a witness: reach it), within {@code maxTries} candidate runs.
     *
     * @throws IllegalArgumentException if the input does not violate the property
     */
    public static Outcome shrink(Model model, Property property, Trace input, int maxTries) {
        Runner runner = new Runner(model, property);
        long[] start = input.steps().get(0).state();
        List<Trace.Step> best = runner.run(Runner.wants(model, input.steps()), start);
        if (best == null) throw new IllegalArgumentException("the run does not violate " + property.name());
        // until nothing changes: ddmin, then pairs of steps (short runs), then simpler choices
        while (runner.tries < maxTries) {
            int before = best.size();
            List<Trace.Step> was = best;
            best = ddmin(runner, model, best, start, maxTries);
            if (best.size() <= PAIRS) best = pairs(runner, model, best, start, maxTries);
            best = simplify(runner, model, best, start, maxTries);
            if (best.size() == before && best.equals(was)) break;
        }
        return new Outcome(new Trace(List.copyOf(best)), input.length(), runner.tries, runner.tries >= maxTries);
    }

    /** Runs up to this many steps also try dropping every pair of steps. */
    private static final int PAIRS = 48;

    /** ddmin: remove one of n chunks at a time; on success go on with n-1 chunks, else with 2n. */
    private static List<Trace.Step> ddmin(Runner runner, Model model, List<Trace.Step> best, long[] start, int maxTries) {
        List<Want> steps = Runner.wants(model, best);
        int n = 2;
        while (!steps.isEmpty() && runner.tries < maxTries) {
            int size = steps.size();
            if (n > size) n = size;
            boolean reduced = false;
            for (int c = 0; c < n && runner.tries < maxTries; c++) {
                int from = c * size / n;
                int to = (c + 1) * size / n;
                List<Want> candidate = new ArrayList<>(steps.subList(0, from));
                candidate.addAll(steps.subList(to, size));
                List<Trace.Step> run = runner.run(candidate, start);
                if (run != null && run.size() < best.size()) {
                    best = run;
                    steps = Runner.wants(model, run);
                    n = Math.max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (n >= size) break;
                n = Math.min(2 * n, size);
            }
        }
        return best;
    }

    /** Drops two steps at once, wherever that still violates (a pair one step alone cannot lose). */
    private static List<Trace.Step> pairs(Runner runner, Model model, List<Trace.Step> best, long[] start, int maxTries) {
        List<Want> steps = Runner.wants(model, best);
        for (int i = 0; i < steps.size(); i++) {
            for (int j = i + 1; j < steps.size() && runner.tries < maxTries; j++) {
                List<Want> candidate = new ArrayList<>(steps);
                candidate.remove(j);
                candidate.remove(i);
                List<Trace.Step> run = runner.run(candidate, start);
                if (run != null && run.size() < best.size()) {
                    best = run;
                    steps = Runner.wants(model, run);
                    j = i; // the run changed: go on from the same place
                }
            }
        }
        return best;
    }

    /** Simpler choices: at each step, the action of the same sort with the smallest code, if the run still violates. */
    private static List<Trace.Step> simplify(Runner runner, Model model, List<Trace.Step> best, long[] start, int maxTries) {
        TransitionSystem system = model.system();
        Successors generator = system.newSuccessors();
        List<Want> steps = Runner.wants(model, best);
        for (int i = 0; i < steps.size() && runner.tries < maxTries; i++) {
            long[] before = best.get(i).state();
            Want step = steps.get(i);
            int[] smallest = {step.code()};
            generator.successors(before, 0, (action, next, labels) -> {
                if (action < smallest[0] && model.actionKind(before, action).equals(step.sort())) smallest[0] = action;
            });
            if (smallest[0] == step.code()) continue;
            List<Want> candidate = new ArrayList<>(steps);
            candidate.set(i, new Want(system.describeAction(before, smallest[0]), smallest[0], step.sort()));
            List<Trace.Step> run = runner.run(candidate, start);
            if (run != null && run.size() <= best.size()) {
                best = run;
                steps = Runner.wants(model, run);
            }
        }
        return best;
    }

    /**
     * The length of the shortest run violating each of {@code properties} (reaching it, for a
     * witness), from one breadth-first search of at most {@code maxStates} states; null where the
     * search found none (then {@code search.complete()} says whether there is none at all).
     */
    public record Shortest(List<Integer> lengths, boolean complete, long states) {}

    public static Shortest breadthFirstLengths(Model model, List<Property> properties, long maxStates, int threads,
            java.util.function.BooleanSupplier cancelled) {
        List<Property> checks = properties.stream().filter(p -> p.kind() != Property.Kind.SOMETIMES).toList();
        twcheck.engine.SearchOptions options = twcheck.engine.SearchOptions.exhaustive().withMaxStates(maxStates)
                .withThreads(threads).withCancellation(cancelled);
        CheckResult result = Verifier.check(model, checks, model.kind().defaultFairness(), options, false);
        List<Integer> lengths = new ArrayList<>();
        for (Property p : properties) {
            Integer length = null;
            for (twcheck.model.PropertyResult r : p.kind() == Property.Kind.SOMETIMES ? result.witnesses() : result.properties()) {
                boolean found = p.kind() == Property.Kind.SOMETIMES ? r.verdict() == twcheck.model.Verdict.HOLDS
                        : r.verdict() == twcheck.model.Verdict.VIOLATED;
                if (r.property().equals(p) && found && r.counterexample() != null) length = r.counterexample().length();
            }
            lengths.add(length);
        }
        return new Shortest(lengths, result.complete(), result.search().distinctStates());
    }

    /** A step to take: the action's name, its code and its sort, in the run it came from. */
    record Want(String name, int code, String sort) {}

    /** Runs candidates again from the initial state and judges them. */
    private static final class Runner {
        final Model model;
        final TransitionSystem system;
        final Successors generator;
        final Property property;
        final int bit;
        int tries;

        Runner(Model model, Property property) {
            this.model = model;
            this.system = model.system();
            this.generator = system.newSuccessors();
            this.property = property;
            if (!shrinkable(property)) throw new IllegalArgumentException(property.name() + " is not a property a finite run violates");
            this.bit = property.kind() == Property.Kind.NO_DEADLOCK ? -1 : system.labelNames().indexOf(property.label());
        }

        /** The steps of a run (after its initial state) as steps to take again. */
        static List<Want> wants(Model model, List<Trace.Step> run) {
            List<Want> wants = new ArrayList<>();
            for (int i = 1; i < run.size(); i++) {
                Trace.Step s = run.get(i);
                wants.add(new Want(s.action(), s.code(), model.actionKind(run.get(i - 1).state(), s.code())));
            }
            return wants;
        }

        /** The run of {@code steps} from {@code start} (the initial step first), cut at its first violation; null if none. */
        List<Trace.Step> run(List<Want> steps, long[] start) {
            tries++;
            List<Trace.Step> run = new ArrayList<>();
            run.add(Trace.Step.initial(start.clone()));
            long[] state = start;
            for (Want wanted : steps) {
                Match m = match(state, wanted);
                if (m == null) continue; // the step depended on one that was dropped: drop it too
                run.add(new Trace.Step(m.action, system.describeAction(state, m.action), m.next));
                state = m.next;
                if (bit >= 0 && (m.labels >>> bit & 1) != 0) return run;
            }
            if (bit < 0 && deadlocked(state)) return run;
            return null;
        }

        private boolean deadlocked(long[] state) {
            boolean[] any = {false};
            generator.successors(state, 0, (a, next, l) -> any[0] = true);
            return !any[0] && !system.isIntendedEnd(state, 0);
        }

        record Match(int action, long[] next, long labels) {}

        /**
         * The successor the wanted step names: by name; else of the same sort, the one with the
         * same action code if there is one, else the first.
         */
        private Match match(long[] state, Want wanted) {
            List<Match> all = new ArrayList<>();
            generator.successors(state, 0, (action, next, labels) -> all.add(new Match(action, next.clone(), labels)));
            for (Match m : all) {
                if (system.describeAction(state, m.action).equals(wanted.name())) return m;
            }
            Match sameSort = null;
            for (Match m : all) {
                if (!model.actionKind(state, m.action).equals(wanted.sort())) continue;
                if (m.action == wanted.code()) return m;
                if (sameSort == null) sameSort = m;
            }
            return sameSort;
        }
    }
}
