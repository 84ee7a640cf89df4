package dev.nnl.compiler;

import dev.nnl.compiler.analysis.LayerUse;
import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.LayerNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.OutputRef;
import dev.nnl.compiler.source.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model as far as it checked: its IR when it checked cleanly, otherwise the inputs and layers
 * checking got through (the compilation's facts) and no outputs. The one rule for "as far as it
 * checks", shared by the diagrams (graph/) and the semantic diff.
 *
 * @param complete whether the model checked (the parts are its IR)
 * @param span the model's declaration, or null when the file declares no such model
 */
public record ModelParts(String name, List<InputNode> inputs, List<LayerNode> layers, List<OutputRef> outputs,
                         boolean complete, Span span) {
    public ModelParts {
        inputs = List.copyOf(inputs);
        layers = List.copyOf(layers);
        outputs = List.copyOf(outputs);
    }

    /** Model {@code name} of the compilation; empty (and not complete) when the file declares no such model. */
    public static ModelParts of(Compilation c, String name) {
        ModelIR ir = name == null ? null : c.models().get(name);
        if (ir != null) {
            return new ModelParts(name, ir.inputs(), ir.layers(), ir.outputs(), true, ir.span());
        }
        Span model = declaration(c, name);
        if (model == null) {
            return new ModelParts(name, List.of(), List.of(), List.of(), false, null);
        }
        List<InputNode> inputs = c.facts().inputs().stream().filter(i -> within(i.span(), model)).toList();
        // A call inside a block appears once per expansion with the same node: keep the first.
        Map<String, LayerNode> layers = new LinkedHashMap<>();
        for (LayerUse u : c.facts().layers()) {
            if (u.model().equals(name)) {
                layers.putIfAbsent(u.node().name(), u.node());
            }
        }
        return new ModelParts(name, inputs, List.copyOf(layers.values()), List.of(), false, model);
    }

    /** The model's first error, or the file's first when none is inside the model; null when there is none. */
    public Diagnostic firstError(Compilation c) {
        List<Diagnostic> errors = c.diagnostics().stream().filter(Diagnostic::isError).toList();
        return errors.stream().filter(d -> span != null && within(d.span(), span)).findFirst()
                .orElse(errors.isEmpty() ? null : errors.get(0));
    }

    /** The parameters of the layers (those checked so far, when the model has errors). */
    public long totalParams() {
        return layers.stream().mapToLong(LayerNode::params).sum();
    }

    public long trainableParams() {
        return layers.stream().mapToLong(LayerNode::trainableParams).sum();
    }

    private static Span declaration(Compilation c, String name) {
        for (Decl d : c.facts().ast().decls()) {
            if (d instanceof Decl.Model m && m.name().text().equals(name)) {
                return m.span();
            }
        }
        return null;
    }

    private static boolean within(Span s, Span outer) {
        return s.file() == outer.file() && s.start() >= outer.start() && s.end() <= outer.end();
    }
}
