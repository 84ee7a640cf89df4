package dev.nnl.compiler.diff;

import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.Ref;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Which layer of the new model is which layer of the old one. Layers named with {@code name=} are
 * matched by name first. The rest are aligned as two sequences in the models' order (a
 * topological order: a layer comes after the layers it reads): first a longest common
 * subsequence of identical calls (class and every argument), so a layer inserted or removed in
 * the middle leaves the layers around it matched. It runs in passes, each aligning the stretches
 * between the previous pass's matches: identical calls that read identical calls, identical
 * calls, then calls of the same class, which pairs a layer with its edited self.
 */
final class LayerMatching {
    /** Above this many cells the alignment's table is not built and layers pair in order instead. */
    private static final long MAX_CELLS = 16_000_000L;

    private LayerMatching() {
    }

    /** For each old layer, the index of its new layer, or -1 when it was removed. */
    static int[] match(List<LayerNode> old, List<LayerNode> neu) {
        int[] oldToNew = new int[old.size()];
        Arrays.fill(oldToNew, -1);
        boolean[] newTaken = new boolean[neu.size()];
        Map<String, Integer> newIndex = new HashMap<>();
        for (int j = 0; j < neu.size(); j++) {
            newIndex.putIfAbsent(neu.get(j).name(), j);
        }
        for (int i = 0; i < old.size(); i++) {
            LayerNode o = old.get(i);
            Integer j = newIndex.get(o.name());
            if (j != null && !newTaken[j]) {
                LayerNode n = neu.get(j);
                if ((explicit(o) || explicit(n)) && o.className().equals(n.className())) {
                    oldToNew[i] = j;
                    newTaken[j] = true;
                }
            }
        }
        List<Integer> ro = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (oldToNew[i] < 0) {
                ro.add(i);
            }
        }
        List<Integer> rn = new ArrayList<>();
        for (int j = 0; j < neu.size(); j++) {
            if (!newTaken[j]) {
                rn.add(j);
            }
        }
        List<String> oldKeys = ro.stream().map(i -> key(old.get(i))).toList();
        List<String> newKeys = rn.stream().map(j -> key(neu.get(j))).toList();
        Map<String, LayerNode> oldByName = byName(old);
        Map<String, LayerNode> newByName = byName(neu);
        List<String> oldContext = ro.stream().map(i -> context(old, oldByName, i)).toList();
        List<String> newContext = rn.stream().map(j -> context(neu, newByName, j)).toList();
        List<Level> levels = List.of(
                new Level((a, b) -> oldContext.get(a).equals(newContext.get(b)), false),
                new Level((a, b) -> oldKeys.get(a).equals(newKeys.get(b)), true),
                new Level((a, b) -> old.get(ro.get(a)).className().equals(neu.get(rn.get(b)).className()), false));
        List<int[]> pairs = new ArrayList<>();
        align(0, ro.size(), 0, rn.size(), levels, pairs);
        for (int[] p : pairs) {
            oldToNew[ro.get(p[0])] = rn.get(p[1]);
        }
        return oldToNew;
    }

    /** One pass of the alignment: what counts as the same layer, and which of several equal old layers a new one takes. */
    private record Level(BiPredicate<Integer, Integer> eq, boolean lastOld) {
    }

    /** Aligns {@code [a0, a1)} with {@code [b0, b1)} by the first level, then each stretch between two matches by the next. */
    private static void align(int a0, int a1, int b0, int b1, List<Level> levels, List<int[]> pairs) {
        if (levels.isEmpty() || a0 >= a1 || b0 >= b1) {
            return;
        }
        Level level = levels.get(0);
        List<Level> rest = levels.subList(1, levels.size());
        List<int[]> anchors = lcs(a0, a1, b0, b1, level.eq(), level.lastOld());
        pairs.addAll(anchors);
        int a = a0;
        int b = b0;
        for (int[] anchor : anchors) {
            align(a, anchor[0], b, anchor[1], rest, pairs);
            a = anchor[0] + 1;
            b = anchor[1] + 1;
        }
        align(a, a1, b, b1, rest, pairs);
    }

    private static Map<String, LayerNode> byName(List<LayerNode> layers) {
        Map<String, LayerNode> m = new HashMap<>();
        layers.forEach(n -> m.putIfAbsent(n.name(), n));
        return m;
    }

    /** Whether the layer's name was written with {@code name=} (a default name is only a position). */
    static boolean explicit(LayerNode n) {
        return n.args() != null && n.args().get("name") != null;
    }

    /** What two identical calls share: the class and every argument but the name. */
    private static String key(LayerNode n) {
        StringBuilder sb = new StringBuilder(n.className()).append('(');
        for (ArgText.Arg a : ArgText.all(n.def(), n.args())) {
            sb.append(a.name()).append('=').append(a.text()).append(';');
        }
        return sb.append(')').toString();
    }

    /**
     * The call and the calls it reads: two layers with the same context are the same layer in the
     * same place of the graph, which tells apart the copies of a call (a ReLU after a stem and
     * one after an Add).
     */
    private static String context(List<LayerNode> layers, Map<String, LayerNode> byName, int index) {
        StringBuilder sb = new StringBuilder(key(layers.get(index))).append(" <-");
        for (String ref : layers.get(index).inbound()) {
            LayerNode n = byName.get(Ref.parse(ref).name());
            sb.append(' ').append(n == null ? "input" : key(n));
        }
        return sb.toString();
    }

    /**
     * A longest common subsequence of {@code [a0, a1)} and {@code [b0, b1)}: the matched index pairs
     * in order. Past {@link #MAX_CELLS} (thousands of unmatched layers on each side) equal elements
     * pair greedily in order instead.
     */
    static List<int[]> lcs(int a0, int a1, int b0, int b1, BiPredicate<Integer, Integer> eq, boolean lastOld) {
        int n = Math.max(0, a1 - a0);
        int m = Math.max(0, b1 - b0);
        List<int[]> out = new ArrayList<>();
        if (n == 0 || m == 0) {
            return out;
        }
        if ((long) n * m > MAX_CELLS) {
            int j = b0;
            for (int i = a0; i < a1 && j < b1; i++) {
                for (int k = j; k < b1; k++) {
                    if (eq.test(i, k)) {
                        out.add(new int[] {i, k});
                        j = k + 1;
                        break;
                    }
                }
            }
            return out;
        }
        int[][] len = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = eq.test(a0 + i, b0 + j) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            // lastOld: on a tie, pass over the old element first, so of several identical old
            // layers the last matches: what survives a removed stretch is the layer after it (the
            // ReLU after a removed Add, not the one inside the removed branch).
            if (lastOld && len[i + 1][j] == len[i][j]) {
                i++;
            } else if (eq.test(a0 + i, b0 + j) && len[i][j] == len[i + 1][j + 1] + 1) {
                out.add(new int[] {a0 + i, b0 + j});
                i++;
                j++;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }
}
