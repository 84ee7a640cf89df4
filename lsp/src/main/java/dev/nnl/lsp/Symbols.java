package dev.nnl.lsp;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ir.ModelIR;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.SymbolKind;

/** The outline: models, blocks, constants and train blocks, with what each body declares. */
final class Symbols {
    private Symbols() {
    }

    static List<DocumentSymbol> of(Analysis a) {
        List<DocumentSymbol> out = new ArrayList<>();
        for (Decl d : a.compilation().facts().ast().decls()) {
            List<Syntax.Declared> names = Syntax.declarations(d);
            if (names.isEmpty()) {
                continue;
            }
            Syntax.Declared self = names.get(0);
            DocumentSymbol top = symbol(a, self, d.span(), detail(a, self));
            List<DocumentSymbol> children = new ArrayList<>();
            for (Syntax.Declared child : names.subList(1, names.size())) {
                children.add(symbol(a, child, child.ident().span(), child.kind().name().toLowerCase(Locale.ROOT)));
            }
            if (!children.isEmpty()) {
                top.setChildren(children);
            }
            out.add(top);
        }
        return out;
    }

    private static DocumentSymbol symbol(Analysis a, Syntax.Declared d, dev.nnl.compiler.source.Span whole, String detail) {
        return new DocumentSymbol(d.name(), kind(d.kind()), Analysis.range(whole), Analysis.range(d.ident().span()), detail);
    }

    private static String detail(Analysis a, Syntax.Declared d) {
        if (d.kind() == Syntax.Kind.MODEL) {
            ModelIR ir = a.compilation().models().get(d.name());
            return ir == null ? "model" : String.format(Locale.ROOT, "model · %,d params", ir.totalParams());
        }
        return d.kind().name().toLowerCase(Locale.ROOT);
    }

    private static SymbolKind kind(Syntax.Kind k) {
        return switch (k) {
            case MODEL -> SymbolKind.Class;
            case BLOCK -> SymbolKind.Function;
            case PARAM -> SymbolKind.TypeParameter;
            case LET -> SymbolKind.Constant;
            case INPUT -> SymbolKind.Field;
            case BINDING -> SymbolKind.Variable;
            case TRAIN -> SymbolKind.Event;
        };
    }
}
