package dev.nnl.compiler.parse;

import dev.nnl.compiler.ast.NnlFile;

/** A parsed file and the lint silencing found in its comments. */
public record ParseResult(NnlFile file, Suppressions suppressions) {
}
