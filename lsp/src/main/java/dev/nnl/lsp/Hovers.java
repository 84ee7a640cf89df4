package dev.nnl.lsp;

import dev.nnl.compiler.analysis.BlockUse;
import dev.nnl.compiler.analysis.LayerUse;
import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.ir.InputNode;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.ir.Shape;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/** Hover: a layer call's shapes and parameter count, what a name holds, what an argument means. */
final class Hovers {
    private Hovers() {
    }

    static Hover hover(Analysis a, int offset) {
        Syntax.Hit hit = Syntax.hitAt(a.compilation().facts().ast(), offset);
        String text = null;
        Span span = null;
        if (hit instanceof Syntax.CalleeHit c) {
            text = call(a, c.call());
            span = c.call().callee().span();
        } else if (hit instanceof Syntax.KeywordHit k) {
            text = keyword(a, k.call(), k.keyword().text());
            span = k.keyword().span();
        } else if (hit instanceof Syntax.NameHit n) {
            Syntax.Declared d = Syntax.resolve(a.compilation().facts().ast(), a.compilation().facts().importedAsts(), n.name(), offset);
            text = d == null ? null : declared(a, d);
            span = n.span();
        } else if (hit instanceof Syntax.DeclHit d) {
            text = declared(a, d.declared());
            span = d.declared().ident().span();
        } else if (hit instanceof Syntax.TrainHit t) {
            text = model(a, t.model().text());
            span = t.model().span();
        }
        if (text == null) {
            // Anywhere else inside a call (on an argument value, say): describe the call.
            Expr.Call call = Syntax.callAt(a.compilation().facts().ast(), offset);
            if (call != null) {
                text = call(a, call);
                span = call.callee().span();
            }
        }
        if (text == null) {
            return null;
        }
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), Analysis.range(span));
    }

    /** The uses of the call at this span, in every model and block expansion that reached it. */
    static List<LayerUse> uses(Analysis a, Span call) {
        List<LayerUse> out = new ArrayList<>();
        for (LayerUse u : a.compilation().facts().layers()) {
            if (same(u.node().span(), call)) {
                out.add(u);
            }
        }
        return out;
    }

    /** What one evaluation of a layer or block call produced. */
    record Result(Span call, List<Shape> shapes) {
    }

    /** Every inferred call result in the compilation: layer calls, then block calls. */
    static List<Result> results(Analysis a) {
        List<Result> out = new ArrayList<>();
        for (LayerUse u : a.compilation().facts().layers()) {
            out.add(new Result(u.node().span(), u.node().outputShapes()));
        }
        for (BlockUse b : a.compilation().facts().blocks()) {
            out.add(new Result(b.call(), b.outputShapes()));
        }
        return out;
    }

    /** The result shapes of every evaluation of one call (a block may run in several places). */
    static List<List<Shape>> results(Analysis a, Span call) {
        return results(a).stream().filter(r -> same(r.call(), call)).map(Result::shapes).toList();
    }

    static boolean same(Span x, Span y) {
        return x.file() == y.file() && x.start() == y.start() && x.end() == y.end();
    }

    private static String call(Analysis a, Expr.Call call) {
        LayerDef def = Registry.get(call.callee().text());
        ParamSchema schema = Completions.schemaOf(call.callee().text());
        if (def == null && schema != null) {
            // An optimizer, callback, data source or loss class in a train block.
            String defaults = defaults(schema, call);
            return "```nnl\n" + written(call, schema, false) + "\n```" + (defaults.isEmpty() ? "" : "\n\nDefaults: " + defaults);
        }
        if (def == null) {
            Syntax.Declared d = Syntax.resolve(a.compilation().facts().ast(), a.compilation().facts().importedAsts(),
                    call.callee().text(), call.span().start());
            if (d == null || d.kind() != Syntax.Kind.BLOCK) {
                return null;
            }
            Set<String> shapes = new LinkedHashSet<>();
            results(a, call.span()).forEach(r -> shapes.add("→ " + shapes(r)));
            return block((Decl.Block) d.node()) + (shapes.isEmpty() ? "" : "\n\n" + String.join("  \n", shapes));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("```nnl\n").append(written(call, def.params(), def.isMerge())).append("\n```\n\n");
        Set<String> lines = new LinkedHashSet<>();
        for (LayerUse u : uses(a, call.span())) {
            lines.add("`" + u.node().name() + "` " + shapes(u.inputShapes()) + " → " + shapes(u.node().outputShapes())
                    + " · " + params(u.node().params()));
        }
        if (lines.isEmpty()) {
            lines.add("*shapes unknown: the model has an error before this layer*");
        }
        lines.forEach(l -> sb.append(l).append("  \n"));
        sb.append('\n').append(def.doc()).append('\n');
        String defaults = defaults(def.params(), call);
        if (!defaults.isEmpty()) {
            sb.append("\nDefaults: ").append(defaults).append('\n');
        }
        return sb.toString();
    }

    /** The call with its positional arguments named, as Keras would print its config. */
    private static String written(Expr.Call call, ParamSchema schema, boolean merge) {
        List<String> args = new ArrayList<>();
        List<Param> positional = schema.positional();
        int i = 0;
        for (Expr.Arg arg : call.args()) {
            String value = arg.value().span().text();
            if (arg.keyword() != null) {
                args.add(arg.keyword().text() + "=" + value);
            } else if (!merge && i < positional.size()) {
                args.add(positional.get(i++).name() + "=" + value);
            } else {
                args.add(value);
            }
        }
        return call.callee().text() + "(" + String.join(", ", args) + ")";
    }

    private static String defaults(ParamSchema schema, Expr.Call call) {
        Set<String> given = new java.util.HashSet<>();
        int positional = 0;
        for (Expr.Arg arg : call.args()) {
            if (arg.keyword() != null) {
                given.add(arg.keyword().text());
            } else if (positional < schema.positional().size()) {
                given.add(schema.positional().get(positional++).name());
            }
        }
        List<String> out = new ArrayList<>();
        for (Param p : schema.params()) {
            if (!p.required() && !p.isIgnored() && !given.contains(p.name())) {
                out.add(p.name() + "=" + p.defaultText());
            }
        }
        return String.join(", ", out);
    }

    private static String keyword(Analysis a, Expr.Call call, String keyword) {
        LayerDef def = Registry.get(call.callee().text());
        if (def != null) {
            Param p = def.params().get(keyword);
            if (p == null) {
                return null;
            }
            return "`" + def.className() + "." + p.name() + "`: " + p.type().describe() + "\n\n" + p.doc()
                    + (p.required() ? " (required)" : " (default `" + p.defaultText() + "`)");
        }
        Syntax.Declared d = Syntax.resolve(a.compilation().facts().ast(), a.compilation().facts().importedAsts(),
                call.callee().text(), call.span().start());
        if (d != null && d.kind() == Syntax.Kind.BLOCK) {
            for (Decl.Param p : ((Decl.Block) d.node()).params()) {
                if (p.name().text().equals(keyword)) {
                    return "`" + d.name() + "." + keyword + "`: block parameter"
                            + (p.defaultValue() == null ? " (required)" : " (default `" + p.defaultValue().span().text() + "`)");
                }
            }
        }
        return null;
    }

    private static String declared(Analysis a, Syntax.Declared d) {
        return switch (d.kind()) {
            case INPUT -> {
                Stmt.Input in = (Stmt.Input) d.node();
                for (InputNode node : a.compilation().facts().inputs()) {
                    if (node.span().file() == in.span().file() && node.span().start() == in.span().start()) {
                        yield "input `" + d.name() + "`: " + node.shape() + " " + node.dtype().toString().toLowerCase(Locale.ROOT);
                    }
                }
                yield "input `" + d.name() + "`";
            }
            case BINDING -> {
                Stmt.Chain chain = ((Stmt.Bind) d.node()).chain();
                Span last = chain.calls().isEmpty() ? chain.head().span() : chain.calls().get(chain.calls().size() - 1).span();
                Set<String> shapes = new LinkedHashSet<>();
                results(a, last).forEach(r -> shapes.add(shapes(r)));
                yield "`" + d.name() + "`" + (shapes.isEmpty() ? "" : ": " + String.join(" | ", shapes));
            }
            case LET -> "```nnl\n" + ((d.node() instanceof Decl.Let l) ? l.span().text() : ((Stmt.Let) d.node()).span().text()) + "\n```";
            case PARAM -> {
                Decl.Param p = (Decl.Param) d.node();
                yield "block parameter `" + d.name() + "`" + (p.defaultValue() == null ? " (required)" : " = `" + p.defaultValue().span().text() + "`");
            }
            case BLOCK -> block((Decl.Block) d.node());
            case MODEL -> model(a, d.name());
            case TRAIN -> null;
        };
    }

    private static String block(Decl.Block b) {
        List<String> params = new ArrayList<>();
        for (Decl.Param p : b.params()) {
            params.add(p.defaultValue() == null ? p.name().text() : p.name().text() + "=" + p.defaultValue().span().text());
        }
        return "```nnl\nblock " + b.name().text() + "(" + String.join(", ", params) + ")\n```\n\nA block: its layers are inserted where it is called.";
    }

    private static String model(Analysis a, String name) {
        ModelIR ir = a.compilation().models().get(name);
        if (ir == null) {
            return "model `" + name + "` *(has errors)*";
        }
        List<String> ins = ir.inputs().stream().map(i -> i.shape().toString()).toList();
        List<String> outs = ir.outputs().stream().map(o -> o.shape().toString()).toList();
        return "model `" + name + "`: " + String.join(", ", ins) + " → " + String.join(", ", outs) + "  \n"
                + ir.layers().size() + " layers · " + params(ir.totalParams())
                + (ir.nonTrainableParams() > 0 ? " (" + String.format(Locale.ROOT, "%,d", ir.nonTrainableParams()) + " non-trainable)" : "");
    }

    static String shapes(List<Shape> shapes) {
        return shapes.size() == 1 ? shapes.get(0).toString()
                : "[" + String.join(", ", shapes.stream().map(Shape::toString).toList()) + "]";
    }

    private static String params(long n) {
        return String.format(Locale.ROOT, "%,d", n) + (n == 1 ? " param" : " params");
    }
}
