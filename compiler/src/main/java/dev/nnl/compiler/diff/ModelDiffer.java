package dev.nnl.compiler.diff;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.ModelParts;
import dev.nnl.compiler.analysis.BlockUse;
import dev.nnl.compiler.diff.ModelDiff.ArgChange;
import dev.nnl.compiler.diff.ModelDiff.BlockChange;
import dev.nnl.compiler.diff.ModelDiff.Change;
import dev.nnl.compiler.diff.ModelDiff.Count;
import dev.nnl.compiler.diff.ModelDiff.InputChange;
import dev.nnl.compiler.diff.ModelDiff.Layer;
import dev.nnl.compiler.diff.ModelDiff.LayerChange;
import dev.nnl.compiler.diff.ModelDiff.MergeChange;
import dev.nnl.compiler.diff.ModelDiff.OutputChange;
import dev.nnl.compiler.diff.ModelDiff.Params;
import dev.nnl.compiler.ir.DType;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.ir.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares one model of two compilations: matches their layers ({@link LayerMatching}), then
 * reads every difference off the matched pairs. Shapes and parameter counts are the checker's
 * ({@link LayerNode#outputShapes()}, {@link LayerNode#params()}), as {@code nnlc summary} prints them.
 */
final class ModelDiffer {
    private final Compilation oldC;
    private final Compilation newC;
    private final ModelParts old;
    private final ModelParts neu;
    private final int[] oldToNew;
    private final int[] newToOld;
    /** Old input and layer names → new ones, for what matched. */
    private final Map<String, String> renames = new HashMap<>();
    private final Map<String, Integer> oldIndex = new HashMap<>();
    private final Map<String, Integer> newIndex = new HashMap<>();

    private ModelDiffer(Compilation oldC, Compilation newC, ModelParts old, ModelParts neu) {
        this.oldC = oldC;
        this.newC = newC;
        this.old = old;
        this.neu = neu;
        this.oldToNew = LayerMatching.match(old.layers(), neu.layers());
        this.newToOld = new int[neu.layers().size()];
        java.util.Arrays.fill(newToOld, -1);
        for (int i = 0; i < oldToNew.length; i++) {
            if (oldToNew[i] >= 0) {
                newToOld[oldToNew[i]] = i;
                renames.put(old.layers().get(i).name(), neu.layers().get(oldToNew[i]).name());
            }
        }
        for (int i = 0; i < old.layers().size(); i++) {
            oldIndex.put(old.layers().get(i).name(), i);
        }
        for (int j = 0; j < neu.layers().size(); j++) {
            newIndex.put(neu.layers().get(j).name(), j);
        }
        for (InputNode in : old.inputs()) {
            if (neu.inputs().stream().anyMatch(n -> n.name().equals(in.name()))) {
                renames.put(in.name(), in.name());
            }
        }
        if (old.inputs().size() == 1 && neu.inputs().size() == 1) {
            renames.put(old.inputs().get(0).name(), neu.inputs().get(0).name());
        }
    }

    /** The diff of model {@code oldName} of {@code oldC} (may be absent) and {@code newName} of {@code newC}. */
    static ModelDiff diff(Compilation oldC, String oldName, Compilation newC, String newName) {
        ModelParts old = ModelParts.of(oldC, oldName);
        ModelParts neu = ModelParts.of(newC, newName);
        return new ModelDiffer(oldC, newC, old, neu).diff(oldName, newName);
    }

    private ModelDiff diff(String oldName, String newName) {
        boolean inOld = old.span() != null;
        boolean inNew = neu.span() != null;
        List<LayerChange> layers = layers();
        List<InputChange> inputs = inputs();
        OutputChange outputs = outputs();
        List<MergeChange> merges = merges(layers);
        List<BlockChange> blocks = blocks(layers);
        Params params = new Params(new Count(old.totalParams(), neu.totalParams()),
                new Count(old.trainableParams(), neu.trainableParams()),
                new Count(old.totalParams() - old.trainableParams(), neu.totalParams() - neu.trainableParams()));
        ModelDiff.TrainDiff train = TrainDiffer.diff(oldC.trains().get(oldName), newC.trains().get(newName));
        Change status;
        if (!inOld) {
            status = Change.ADDED;
        } else if (!inNew) {
            status = Change.REMOVED;
        } else {
            boolean same = Objects.equals(oldName, newName) && old.complete() == neu.complete()
                    && layers.stream().allMatch(l -> l.change() == Change.UNCHANGED) && inputs.isEmpty() && outputs == null
                    && merges.isEmpty() && train.change() == Change.UNCHANGED;
            status = same ? Change.UNCHANGED : Change.CHANGED;
        }
        return new ModelDiff(inNew ? newName : oldName, inOld ? oldName : null, status, old.complete(), neu.complete(),
                layers, inputs, outputs, merges, blocks, params, train);
    }

    /** Every layer, in the new model's order, each removed one just before the first layer after it that stayed. */
    private List<LayerChange> layers() {
        List<LayerChange> out = new ArrayList<>();
        boolean[] emitted = new boolean[old.layers().size()];
        for (int j = 0; j < neu.layers().size(); j++) {
            int i = newToOld[j];
            if (i >= 0) {
                for (int k = 0; k < i; k++) {
                    if (!emitted[k] && oldToNew[k] < 0) {
                        emitted[k] = true;
                        out.add(removed(k));
                    }
                }
                emitted[i] = true;
                out.add(pair(old.layers().get(i), neu.layers().get(j)));
            } else {
                LayerNode n = neu.layers().get(j);
                out.add(new LayerChange(Change.ADDED, null, side(n), List.of(), false, false));
            }
        }
        for (int k = 0; k < emitted.length; k++) {
            if (!emitted[k] && oldToNew[k] < 0) {
                out.add(removed(k));
            }
        }
        return out;
    }

    private LayerChange removed(int k) {
        return new LayerChange(Change.REMOVED, side(old.layers().get(k)), null, List.of(), false, false);
    }

    private LayerChange pair(LayerNode o, LayerNode n) {
        List<ArgChange> args = new ArrayList<>();
        List<ArgText.Arg> before = ArgText.all(o.def(), o.args());
        List<ArgText.Arg> after = ArgText.all(n.def(), n.args());
        for (ArgText.Arg b : before) {
            for (ArgText.Arg a : after) {
                if (a.name().equals(b.name()) && !a.text().equals(b.text())) {
                    args.add(new ArgChange(a.name(), a.positional(), b.text(), a.text()));
                }
            }
        }
        boolean renamed = !o.name().equals(n.name()) && (LayerMatching.explicit(o) || LayerMatching.explicit(n));
        boolean inbound = !o.inbound().stream().map(this::throughOld).toList()
                .equals(n.inbound().stream().map(this::throughNew).toList());
        Layer b = side(o);
        Layer a = side(n);
        Change change = !args.isEmpty() || renamed || inbound ? Change.CHANGED
                : !b.shapes().equals(a.shapes()) || b.params() != a.params() || b.trainableParams() != a.trainableParams()
                ? Change.AFFECTED : Change.UNCHANGED;
        return new LayerChange(change, b, a, args, renamed, inbound);
    }

    private static Layer side(LayerNode n) {
        return new Layer(n.name(), n.className(), ArgText.call(n.def(), n.args()), n.outputShapes(), n.params(),
                n.trainableParams(), n.inbound());
    }

    /** What an old layer's input is in the new model, looking through removed layers to what they read. */
    private String throughOld(String ref) {
        Ref r = Ref.parse(ref);
        Set<String> seen = new HashSet<>();
        while (oldIndex.containsKey(r.name()) && oldToNew[oldIndex.get(r.name())] < 0 && seen.add(r.name())) {
            LayerNode gone = old.layers().get(oldIndex.get(r.name()));
            if (gone.inbound().isEmpty()) {
                break;
            }
            r = Ref.parse(gone.inbound().get(0));
        }
        String mapped = renames.getOrDefault(r.name(), "(old) " + r.name());
        return r.index() == 0 ? mapped : mapped + "[" + r.index() + "]";
    }

    /** A new layer's input, looking through added layers to what they read. */
    private String throughNew(String ref) {
        Ref r = Ref.parse(ref);
        Set<String> seen = new HashSet<>();
        while (newIndex.containsKey(r.name()) && newToOld[newIndex.get(r.name())] < 0 && seen.add(r.name())) {
            LayerNode added = neu.layers().get(newIndex.get(r.name()));
            if (added.inbound().isEmpty()) {
                break;
            }
            r = Ref.parse(added.inbound().get(0));
        }
        return r.index() == 0 ? r.name() : r.name() + "[" + r.index() + "]";
    }

    private List<InputChange> inputs() {
        List<InputChange> out = new ArrayList<>();
        Map<String, InputNode> before = new HashMap<>();
        old.inputs().forEach(i -> before.put(renames.getOrDefault(i.name(), i.name()), i));
        Set<String> seen = new HashSet<>();
        for (InputNode n : neu.inputs()) {
            InputNode o = before.get(n.name());
            seen.add(n.name());
            String after = inputText(n);
            if (o == null) {
                out.add(new InputChange(n.name(), null, after));
            } else if (!inputText(o).equals(after) || !o.name().equals(n.name())) {
                out.add(new InputChange(n.name(), (o.name().equals(n.name()) ? "" : o.name() + " ") + inputText(o), after));
            }
        }
        before.forEach((k, o) -> {
            if (!seen.contains(k)) {
                out.add(new InputChange(o.name(), inputText(o), null));
            }
        });
        return out;
    }

    private static String inputText(InputNode in) {
        return in.shape().toString() + (in.dtype() == DType.FLOAT32 ? "" : " " + in.dtype().label());
    }

    /** The outputs, compared by what they are in the new model; null when the same. */
    private OutputChange outputs() {
        if (!old.complete() || !neu.complete()) {
            return null;
        }
        List<String> mapped = old.outputs().stream().map(o -> throughOld(ref(o))).toList();
        if (mapped.equals(neu.outputs().stream().map(ModelDiffer::ref).toList())) {
            return null;
        }
        return new OutputChange(old.outputs().stream().map(o -> ref(o) + " " + o.shape()).toList(),
                neu.outputs().stream().map(o -> ref(o) + " " + o.shape()).toList());
    }

    private static String ref(OutputRef o) {
        return o.index() == 0 ? o.name() : o.name() + "[" + o.index() + "]";
    }

    /** Layers with several inputs that were added, removed, or read other layers now. */
    private static List<MergeChange> merges(List<LayerChange> layers) {
        List<MergeChange> out = new ArrayList<>();
        for (LayerChange l : layers) {
            boolean before = l.before() != null && l.before().inbound().size() > 1;
            boolean after = l.after() != null && l.after().inbound().size() > 1;
            if (!before && !after) {
                continue;
            }
            Change c = l.change() == Change.ADDED || l.change() == Change.REMOVED ? l.change()
                    : l.inboundChanged() || before != after ? Change.CHANGED : null;
            if (c != null) {
                out.add(new MergeChange(l.name(), l.className(), c, l.before() == null ? List.of() : l.before().inbound(),
                        l.after() == null ? List.of() : l.after().inbound()));
            }
        }
        return out;
    }

    /** Every block call of either version whose expansion has a layer that is not unchanged. */
    private List<BlockChange> blocks(List<LayerChange> layers) {
        Map<String, LayerChange> byNew = new HashMap<>();
        Map<String, LayerChange> removedByOld = new HashMap<>();
        for (LayerChange l : layers) {
            if (l.after() != null) {
                byNew.put(l.after().name(), l);
            } else {
                removedByOld.put(l.before().name(), l);
            }
        }
        List<BlockUse> oldCalls = calls(oldC, old);
        List<BlockChange> out = new ArrayList<>();
        Set<BlockUse> oldCovered = new HashSet<>();
        for (BlockUse call : calls(newC, neu)) {
            Set<String> changed = new LinkedHashSet<>();
            boolean allAdded = true;
            Set<String> oldNames = new HashSet<>();
            for (String name : call.layers()) {
                LayerChange l = byNew.get(name);
                if (l == null) {
                    continue;
                }
                allAdded &= l.change() == Change.ADDED;
                if (l.before() != null) {
                    oldNames.add(l.before().name());
                }
                if (l.change() != Change.UNCHANGED) {
                    changed.add(name);
                }
            }
            for (BlockUse o : oldCalls) {
                if (o.block().equals(call.block()) && o.layers().stream().anyMatch(oldNames::contains)) {
                    oldCovered.add(o);
                    o.layers().stream().filter(removedByOld::containsKey).forEach(changed::add);
                }
            }
            if (!changed.isEmpty()) {
                out.add(new BlockChange(call.block(), callText(call), call.call().startPosition().line() + 1,
                        allAdded ? Change.ADDED : Change.CHANGED, List.copyOf(changed)));
            }
        }
        for (BlockUse o : oldCalls) {
            if (!oldCovered.contains(o) && o.layers().stream().allMatch(removedByOld::containsKey)) {
                out.add(new BlockChange(o.block(), callText(o), o.call().startPosition().line() + 1, Change.REMOVED, o.layers()));
            }
        }
        return out;
    }

    private static List<BlockUse> calls(Compilation c, ModelParts m) {
        return c.facts().blocks().stream()
                .filter(b -> b.model().equals(m.name()) && b.call().file() == c.file() && !b.layers().isEmpty()).toList();
    }

    private static String callText(BlockUse call) {
        return call.call().text().strip().replaceAll("\\s+", " ");
    }
}
