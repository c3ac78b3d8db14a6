package twcheck.explore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import twcheck.check.TraceBuilder;
import twcheck.engine.Trace;
import twcheck.engine.TransitionSystem;
import twcheck.model.Model;
import twcheck.model.Property;
import twcheck.spec.ModelSpec;
import twcheck.spec.SpecException;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceKind;

/**
 * One model as the explorer walks it: the enabled actions of a state, a path (a list of action
 * tokens from the initial state) turned into states, and a path turned into a trace document.
 * Everything goes through the model interface, so any model kind can be explored.
 *
 * <p>A token is the action's name as traces print it, so that a link stays valid as long as the
 * model's names do. Two enabled actions of the same name that lead to different states (a model
 * may name them alike) are told apart by " #2", " #3"… after the name; two of the same name and
 * the same next state are one step (replay could not tell them apart either).
 */
public final class Explorer {
    private final ModelSpec spec;
    private final Model model;
    private final TransitionSystem system;
    private final long[] initial;

    public Explorer(ModelSpec spec) {
        this(spec, spec.instantiate());
    }

    Explorer(ModelSpec spec, Model model) {
        this.spec = spec;
        this.model = model;
        this.system = model.system();
        List<long[]> initials = new ArrayList<>();
        system.newSuccessors().initialStates((action, next, labels) -> initials.add(next.clone()));
        if (initials.size() != 1) {
            throw new SpecException(spec.source() + ": the model has " + initials.size()
                    + " initial states; explore walks models with exactly one");
        }
        this.initial = initials.get(0);
    }

    public ModelSpec spec() {
        return spec;
    }

    public Model model() {
        return model;
    }

    /** An enabled action: its token, its name, its code, the labels of its transition and the state it leads to. */
    public record Choice(String token, String name, int code, long labels, long[] next) {}

    /** A path walked from the initial state: {@code states} has one more entry than {@code steps}. */
    public record Walk(List<Choice> steps, List<long[]> states) {
        public long[] last() {
            return states.get(states.size() - 1);
        }

        public List<String> tokens() {
            return steps.stream().map(Choice::token).toList();
        }
    }

    /** Thrown for a path that names an action that is not enabled where the path names it. */
    public static final class UnknownStep extends RuntimeException {
        UnknownStep(String message) {
            super(message);
        }
    }

    /** The enabled actions of {@code state}, in the order the model generates them. */
    public List<Choice> choices(long[] state) {
        List<Choice> choices = new ArrayList<>();
        system.newSuccessors().successors(state, 0, (action, next, labels) -> {
            String name = system.describeAction(state, action);
            int sameName = 0;
            for (Choice c : choices) {
                if (!c.name().equals(name)) continue;
                if (Arrays.equals(c.next(), next)) return; // the same step again
                sameName++;
            }
            String token = sameName == 0 ? name : name + " #" + (sameName + 1);
            choices.add(new Choice(token, name, action, labels, next.clone()));
        });
        return choices;
    }

    /** The states {@code tokens} lead to from the initial state. */
    public Walk walk(List<String> tokens) {
        List<Choice> steps = new ArrayList<>();
        List<long[]> states = new ArrayList<>();
        states.add(initial);
        long[] state = initial;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            List<Choice> choices = choices(state);
            Choice chosen = choices.stream().filter(c -> c.token().equals(token)).findFirst().orElse(null);
            if (chosen == null) {
                throw new UnknownStep("step " + (i + 1) + ": '" + token + "' is not enabled in state " + i
                        + (choices.isEmpty() ? " (nothing is)" : " (enabled: " + String.join(", ",
                                choices.stream().map(Choice::token).limit(12).toList())
                                + (choices.size() > 12 ? ", …" : "") + ")"));
            }
            steps.add(chosen);
            states.add(chosen.next());
            state = chosen.next();
        }
        return new Walk(List.copyOf(steps), List.copyOf(states));
    }

    /** The steps of {@code run} after its first state, as tokens (named as {@link #choices} names them). */
    public List<String> tokensOf(Trace run) {
        List<String> tokens = new ArrayList<>();
        for (int i = 1; i < run.steps().size(); i++) {
            long[] from = run.steps().get(i - 1).state();
            Trace.Step step = run.steps().get(i);
            String name = system.describeAction(from, step.code());
            Choice match = choices(from).stream()
                    .filter(c -> c.name().equals(name) && Arrays.equals(c.next(), step.state()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("step " + step.action() + " is not a step of the model"));
            tokens.add(match.token());
        }
        return tokens;
    }

    /** True if nothing can happen in {@code state} and it is not an intended end. */
    public boolean deadlocked(long[] state) {
        return choices(state).isEmpty() && !system.isIntendedEnd(state, 0);
    }

    /** The label bit of a property about transitions (always/sometimes), or -1. */
    public int labelBit(Property p) {
        return p.label() == null ? -1 : system.labelNames().indexOf(p.label());
    }

    /** The checked property (of the model file's list) the walk's last state or step violates first, or null. */
    public Property violatedAtEnd(Walk walk) {
        for (Property p : spec.properties()) {
            if (violates(p, walk, walk.steps().size())) return p;
        }
        return null;
    }

    /** True if state {@code index} of the walk (or the step to it) violates the safety property {@code p}. */
    public boolean violates(Property p, Walk walk, int index) {
        if (p.kind() == Property.Kind.NO_DEADLOCK) return deadlocked(walk.states().get(index));
        if (p.kind() != Property.Kind.ALWAYS_NOT || index == 0) return false;
        int bit = labelBit(p);
        return bit >= 0 && (walk.steps().get(index - 1).labels() & 1L << bit) != 0;
    }

    /** True if the step to state {@code index} of the walk reaches the witness {@code w}. */
    public boolean reaches(Property w, Walk walk, int index) {
        int bit = labelBit(w);
        return index > 0 && bit >= 0 && (walk.steps().get(index - 1).labels() & 1L << bit) != 0;
    }

    /** The walk as the engine's run. */
    public Trace run(Walk walk) {
        List<Trace.Step> steps = new ArrayList<>();
        steps.add(Trace.Step.initial(walk.states().get(0)));
        for (Choice c : walk.steps()) steps.add(new Trace.Step(c.code(), c.name(), c.next()));
        return new Trace(steps);
    }

    /**
     * The walk as a trace document, built by check's own code so that replay agrees with it: a
     * counterexample of the first checked property its end violates, else a run that claims
     * nothing.
     */
    public TraceFile traceFile(Walk walk) {
        Property violated = violatedAtEnd(walk);
        return violated == null ? TraceBuilder.run(spec, model, run(walk))
                : TraceBuilder.build(spec, model, violated, TraceKind.COUNTEREXAMPLE, run(walk));
    }

    /** The first initial state, for searches started elsewhere. */
    long[] initialState() {
        return initial.clone();
    }
}
