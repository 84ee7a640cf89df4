package dev.nnl.compiler.check;

import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.OutputRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the checker has built of one model so far: its inputs and layers, and whether anything failed. */
final class ModelGraph {
    final List<InputNode> inputs = new ArrayList<>();
    final List<LayerNode> layers = new ArrayList<>();
    /**
     * By identity: a key is this layer, not an equal one. The record's own hashCode would hash its
     * arguments, shapes and weights, and its first call bootstraps the generated equals and
     * hashCode of LayerNode, Weight and Span through method handles, tens of milliseconds of a
     * one-file `nnlc check` (docs/performance.md).
     */
    private final Map<LayerNode, SymbolicTensor> outputsOf = new IdentityHashMap<>();
    /** Whether a tensor was poisoned: something failed, reported here or (a constant, a block) elsewhere. */
    private boolean poisonSeen;

    /** The result of a failed step; the model it is in will not be returned as checked. */
    SymbolicTensor poison() {
        poisonSeen = true;
        return SymbolicTensor.failed();
    }

    /** Records a failure that made no tensor (an input without a shape). */
    void poisoned() {
        poisonSeen = true;
    }

    boolean poisonSeen() {
        return poisonSeen;
    }

    void add(LayerNode node, SymbolicTensor result) {
        layers.add(node);
        outputsOf.put(node, result);
    }

    /**
     * The layers the outputs depend on, in textual order. Keras builds a functional model from
     * its outputs back, so a branch that leads nowhere (already warned about as unused) has no
     * layers, no parameters and no place in the summary.
     */
    List<LayerNode> reachable(List<OutputRef> outputs) {
        Map<String, LayerNode> byName = new HashMap<>();
        layers.forEach(n -> byName.put(n.name(), n));
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        outputs.forEach(o -> todo.push(o.name()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            LayerNode n = byName.get(name);
            if (n != null && needed.add(name)) {
                n.inbound().forEach(in -> todo.push(producer(in)));
            }
        }
        return layers.stream().filter(n -> needed.contains(n.name())).toList();
    }

    /**
     * Warns at the last layer of each branch that feeds no output. A branch ending in a named
     * binding was already reported as an unused name.
     */
    void reportDeadEnds(List<LayerNode> kept, Frame frame, Diagnostics diags) {
        Set<String> consumedByDead = new HashSet<>();
        Set<LayerNode> keptSet = Collections.newSetFromMap(new IdentityHashMap<>());
        keptSet.addAll(kept);
        List<LayerNode> dead = layers.stream().filter(n -> !keptSet.contains(n)).toList();
        for (LayerNode n : dead) {
            n.inbound().forEach(in -> consumedByDead.add(producer(in)));
        }
        Set<SymbolicTensor> bound = new HashSet<>();
        frame.names.values().forEach(b -> bound.add(b.tensor()));
        for (LayerNode n : dead) {
            if (!consumedByDead.contains(n.name()) && !bound.contains(outputsOf.get(n))) {
                diags.report(Code.DEAD_LAYER, n.span(), n.name())
                        .help("list it in `output`, or remove it").emit();
            }
        }
    }

    /** The layer an inbound entry names: {@code lstm} for {@code lstm[1]}. */
    private static String producer(String inbound) {
        return inbound.endsWith("]") ? inbound.substring(0, inbound.lastIndexOf('[')) : inbound;
    }
}
