package twcheck.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/** Breadth-first distances in a random system, by a plain queue (the tests' reference). */
final class ReferenceSearch {
    private ReferenceSearch() {}

    static int[] distances(RandomSystem sys) {
        int[] dist = new int[sys.states()];
        Arrays.fill(dist, -1);
        dist[sys.initial] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(sys.initial));
        while (!queue.isEmpty()) {
            int s = queue.poll();
            for (RandomSystem.Edge e : sys.edges.get(s)) {
                if (dist[e.to()] < 0) {
                    dist[e.to()] = dist[s] + 1;
                    queue.add(e.to());
                }
            }
        }
        return dist;
    }
}
