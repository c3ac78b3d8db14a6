package twcheck.engine.liveness;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A deliberately naive reference for liveness on tiny graphs (up to about 12 states), sharing no
 * code or idea with the checker beyond the definitions: a counterexample is a stem from an
 * initial state through an undischarged premise to a state {@code x}, followed by a closed walk
 * from {@code x} back to {@code x} that avoids the goal and is fair. Closed walks are enumerated
 * exhaustively, abstracted by exactly what the fairness definitions look at: the set of states
 * visited and the set of action classes taken. Distances come from Floyd–Warshall.
 */
final class NaiveLiveness {
    static final int INF = Integer.MAX_VALUE / 4;

    /** Length of the shortest counterexample stem, or -1 if the property holds. */
    static int shortestStem(LassoValidator.Edges g, LivenessProperty prop, List<Fairness> fairness,
            FiniteRuns finite, int classes) {
        int n = g.n();
        int m = g.src().length;
        boolean[] goal = new boolean[n];
        for (int s = 0; s < n; s++) goal[s] = prop.goal().test(s);
        boolean[] goalEdge = new boolean[m];
        boolean[] avoidEdge = new boolean[m];
        for (int e = 0; e < m; e++) {
            goalEdge[e] = prop.goalClasses().get(g.cls()[e]);
            avoidEdge[e] = !goal[g.src()[e]] && !goalEdge[e] && !goal[g.dst()[e]];
        }
        int[][] full = floyd(n, g, e -> true);
        int[][] avoid = floyd(n, g, e -> avoidEdge[e]);
        for (int s = 0; s < n; s++) {
            if (goal[s]) avoid[s][s] = INF;
        }
        int[] fromInit = new int[n];
        for (int s = 0; s < n; s++) {
            fromInit[s] = INF;
            for (int i : g.initial()) fromInit[s] = Math.min(fromInit[s], full[i][s]);
        }
        // cost of reaching each state with an open obligation just raised there
        int[] premiseCost = new int[n];
        java.util.Arrays.fill(premiseCost, INF);
        if (prop.kind() == LivenessProperty.Kind.EVENTUALLY) {
            for (int i : g.initial()) {
                if (!goal[i]) premiseCost[i] = 0;
            }
        } else {
            for (int s = 0; s < n; s++) {
                if (prop.premise().test(s) && !goal[s]) premiseCost[s] = Math.min(premiseCost[s], fromInit[s]);
            }
            for (int e = 0; e < m; e++) {
                int t = g.dst()[e];
                if (prop.premiseClasses().get(g.cls()[e]) && !goalEdge[e] && !goal[t] && fromInit[g.src()[e]] < INF) {
                    premiseCost[t] = Math.min(premiseCost[t], fromInit[g.src()[e]] + 1);
                }
            }
        }
        int best = INF;
        for (int x = 0; x < n; x++) {
            boolean bad = !goal[x] && ((finite == FiniteRuns.VIOLATE && g.terminal(x))
                    || fairClosedWalk(g, x, avoidEdge, fairness, classes));
            if (!bad) continue;
            for (int p = 0; p < n; p++) {
                if (premiseCost[p] < INF && avoid[p][x] < INF) best = Math.min(best, premiseCost[p] + avoid[p][x]);
            }
        }
        return best == INF ? -1 : best;
    }

    private static int[][] floyd(int n, LassoValidator.Edges g, java.util.function.IntPredicate use) {
        int[][] d = new int[n][n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(d[i], INF);
            d[i][i] = 0;
        }
        for (int e = 0; e < g.src().length; e++) {
            if (use.test(e) && g.src()[e] != g.dst()[e]) d[g.src()[e]][g.dst()[e]] = 1;
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (d[i][k] + d[k][j] < d[i][j]) d[i][j] = d[i][k] + d[k][j];
                }
            }
        }
        return d;
    }

    /** Is there a closed walk from x back to x over avoid edges that is fair for every constraint? */
    private static boolean fairClosedWalk(LassoValidator.Edges g, int x, boolean[] avoidEdge,
            List<Fairness> fairness, int classes) {
        int n = g.n();
        int m = g.src().length;
        // node = (current state, visited set, taken classes)
        int sets = 1 << n;
        int takenSets = 1 << classes;
        boolean[] seen = new boolean[n * sets * takenSets];
        ArrayDeque<int[]> queue = new ArrayDeque<>();
        queue.add(new int[] {x, 1 << x, 0});
        seen[(x * sets + (1 << x)) * takenSets] = true;
        while (!queue.isEmpty()) {
            int[] node = queue.poll();
            for (int e = 0; e < m; e++) {
                if (g.src()[e] != node[0] || !avoidEdge[e]) continue;
                int t = g.dst()[e];
                int visited = node[1] | (1 << t);
                int taken = node[2] | (1 << g.cls()[e]);
                if (t == x && fair(g, visited, taken, fairness)) return true;
                int key = (t * sets + visited) * takenSets + taken;
                if (!seen[key]) {
                    seen[key] = true;
                    queue.add(new int[] {t, visited, taken});
                }
            }
        }
        return false;
    }

    private static boolean fair(LassoValidator.Edges g, int visited, int taken, List<Fairness> fairness) {
        for (Fairness f : fairness) {
            boolean isTaken = false;
            for (int k = 0; k < 31; k++) {
                if ((taken >> k & 1) != 0 && f.classes().get(k)) isTaken = true;
            }
            boolean some = false;
            boolean every = true;
            for (int s = 0; s < g.n(); s++) {
                if ((visited >> s & 1) == 0) continue;
                boolean en = g.enables(s, f);
                some |= en;
                every &= en;
            }
            if (f.kind() == Fairness.Kind.WEAK ? !(isTaken || !every) : !(isTaken || !some)) return false;
        }
        return true;
    }
}
