package dev.nnl.compiler.ast;

import dev.nnl.compiler.source.SourceFile;
import java.util.List;

/** A parsed file: its declarations in source order. */
public record NnlFile(SourceFile source, List<Decl> decls) {
    public NnlFile {
        decls = List.copyOf(decls);
    }
}
