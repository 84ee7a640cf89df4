package dev.nnl.compiler.analysis;

import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.ir.InputNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What checking learned beyond diagnostics and IR, for tools that work on unfinished files (the
 * language server): the syntax trees, and the shape of every input and layer call that could be
 * inferred, including those in models that have errors.
 *
 * @param ast the checked file's syntax tree
 * @param importedAsts the syntax trees of the files it imports, transitively
 */
public record Facts(NnlFile ast, List<NnlFile> importedAsts, List<InputNode> inputs, List<LayerUse> layers,
                    List<BlockUse> blocks) {
    public Facts {
        importedAsts = List.copyOf(importedAsts);
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        blocks = List.copyOf(blocks);
    }

    public static Facts none(NnlFile ast) {
        return new Facts(ast, List.of(), List.of(), List.of(), List.of());
    }

    /** Collects the facts while a file's models are checked. */
    public static final class Builder {
        private final List<InputNode> inputs = new ArrayList<>();
        private final List<LayerUse> layers = new ArrayList<>();
        private final List<BlockUse> blocks = new ArrayList<>();

        public void input(InputNode node) {
            inputs.add(node);
        }

        public void layer(LayerUse use) {
            layers.add(use);
        }

        /** The names of the layers recorded since the first {@code from} (a diagram's block groups). */
        public List<String> layerNamesSince(int from) {
            return layers.subList(from, layers.size()).stream().map(u -> u.node().name()).toList();
        }

        public int layerCount() {
            return layers.size();
        }

        public void block(BlockUse use) {
            blocks.add(use);
        }

        public Facts build(NnlFile ast, List<NnlFile> importedAsts) {
            return new Facts(ast, importedAsts, inputs, layers, blocks);
        }
    }
}
