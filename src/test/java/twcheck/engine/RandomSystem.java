package twcheck.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A small explicit transition system for testing the engine: states are numbers, edges carry
 * label bitmasks, and some states are intended ends. States are packed into {@code width} words
 * (the number repeated, so multi-word comparison is exercised).
 */
final class RandomSystem implements TransitionSystem {
    record Edge(int to, long labels) {}

    final int initial;
    final List<List<Edge>> edges;
    final boolean[] intendedEnd;
    final int labelCount;
    final int width;
    int freeHighBits;

    RandomSystem(int initial, List<List<Edge>> edges, boolean[] intendedEnd, int labelCount, int width) {
        this.initial = initial;
        this.edges = edges;
        this.intendedEnd = intendedEnd;
        this.labelCount = labelCount;
        this.width = width;
    }

    int states() {
        return edges.size();
    }

    static int stateOf(long[] packed) {
        return (int) packed[0];
    }

    long[] pack(int state) {
        long[] w = new long[width];
        for (int i = 0; i < width; i++) w[i] = state * (i + 1L);
        return w;
    }

    @Override
    public int stateWords() {
        return width;
    }

    /** Packed values are small, so the top 32 bits of the last word may be declared free. */
    RandomSystem withFreeHighBits(int bits) {
        RandomSystem copy = new RandomSystem(initial, edges, intendedEnd, labelCount, width);
        copy.freeHighBits = bits;
        return copy;
    }

    @Override
    public int freeHighBits() {
        return freeHighBits;
    }

    @Override
    public List<String> labelNames() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labelCount; i++) names.add("L" + i);
        return names;
    }

    @Override
    public Successors newSuccessors() {
        return new Successors() {
            @Override
            public void initialStates(Sink sink) {
                sink.accept(0, pack(initial), 0);
            }

            @Override
            public void successors(long[] state, int offset, Sink sink) {
                int s = (int) state[offset];
                List<Edge> out = edges.get(s);
                for (int i = 0; i < out.size(); i++) {
                    sink.accept(i, pack(out.get(i).to()), out.get(i).labels());
                }
            }
        };
    }

    @Override
    public boolean isIntendedEnd(long[] state, int offset) {
        return intendedEnd[(int) state[offset]];
    }

    @Override
    public String describeAction(long[] state, int action) {
        return stateOf(state) + "#" + action;
    }

    @Override
    public Object view(long[] state) {
        return stateOf(state);
    }
}
