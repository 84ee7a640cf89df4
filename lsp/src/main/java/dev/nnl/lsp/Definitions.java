package dev.nnl.lsp;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.check.Checker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Go to definition: names to where they are bound, blocks to their declaration, imports to their file. */
final class Definitions {
    private Definitions() {
    }

    static List<Location> definition(Analysis a, int offset) {
        NnlFile ast = a.compilation().facts().ast();
        List<NnlFile> imported = a.compilation().facts().importedAsts();
        Syntax.Hit hit = Syntax.hitAt(ast, offset);
        if (hit instanceof Syntax.NameHit n) {
            return at(a, Syntax.resolve(ast, imported, n.name(), offset));
        }
        if (hit instanceof Syntax.CalleeHit c) {
            return at(a, Syntax.resolve(ast, imported, c.call().callee().text(), offset));
        }
        if (hit instanceof Syntax.KeywordHit k) {
            // A keyword of a block call leads to the block's parameter.
            Syntax.Declared block = Syntax.resolve(ast, imported, k.call().callee().text(), offset);
            if (block != null && block.kind() == Syntax.Kind.BLOCK) {
                for (Decl.Param p : ((Decl.Block) block.node()).params()) {
                    if (p.name().text().equals(k.keyword().text())) {
                        return List.of(a.location(p.name().span()));
                    }
                }
            }
            return List.of();
        }
        if (hit instanceof Syntax.TrainHit t) {
            Decl.Model m = Syntax.model(ast, t.model().text());
            return m == null ? List.of() : List.of(a.location(m.name().span()));
        }
        if (hit instanceof Syntax.ImportHit i && a.source().path() != null) {
            Path target = Checker.importTarget(a.source(), i.imp().path().value());
            if (Files.isRegularFile(target)) {
                return List.of(new Location(target.toUri().toString(), new Range(new Position(0, 0), new Position(0, 0))));
            }
        }
        return List.of();
    }

    private static List<Location> at(Analysis a, Syntax.Declared d) {
        return d == null ? List.of() : List.of(a.location(d.ident().span()));
    }
}
