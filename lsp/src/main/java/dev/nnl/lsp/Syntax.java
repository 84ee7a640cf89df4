package dev.nnl.lsp;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Ident;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/** Questions about the syntax tree at a cursor: what is under it, and which names it can see. */
final class Syntax {
    private Syntax() {
    }

    /** What the cursor is on. */
    sealed interface Hit {
    }

    /** The name of a called layer or block: {@code Conv2D} in {@code Conv2D(32, 3)}. */
    record CalleeHit(Expr.Call call) implements Hit {
    }

    /** A keyword in a call: {@code activation} in {@code Dense(10, activation=relu)}. */
    record KeywordHit(Expr.Call call, Ident keyword) implements Hit {
    }

    /** A name used as a value or a tensor. */
    record NameHit(String name, Span span) implements Hit {
    }

    /** A name where it is declared. */
    record DeclHit(Declared declared) implements Hit {
    }

    /** The name of a train block, which refers to a model. */
    record TrainHit(Ident model) implements Hit {
    }

    record ImportHit(Decl.Import imp) implements Hit {
    }

    enum Kind { MODEL, BLOCK, PARAM, LET, INPUT, BINDING, TRAIN }

    /** A declared name. {@code owner} is the model or block declaring it, or null at the top level. */
    record Declared(String name, Ident ident, Kind kind, Decl owner, Object node) {
    }

    static boolean contains(Span s, int offset) {
        return s.start() <= offset && offset <= s.end();
    }

    /** The top-level declaration the offset is in, or null. */
    static Decl declAt(NnlFile file, int offset) {
        for (Decl d : file.decls()) {
            if (contains(d.span(), offset)) {
                return d;
            }
        }
        return null;
    }

    /** The innermost call whose text holds the offset, or null. */
    static Expr.Call callAt(NnlFile file, int offset) {
        Expr.Call[] best = {null};
        forEachExpr(file, offset, e -> {
            if (e instanceof Expr.Call c && contains(c.span(), offset)
                    && (best[0] == null || c.span().end() - c.span().start() < best[0].span().end() - best[0].span().start())) {
                best[0] = c;
            }
        });
        return best[0];
    }

    /** What is under the cursor, or null for punctuation, literals and space. */
    static Hit hitAt(NnlFile file, int offset) {
        Decl d = declAt(file, offset);
        if (d == null) {
            return null;
        }
        for (Declared decl : declarations(d)) {
            if (contains(decl.ident().span(), offset)) {
                return decl.kind() == Kind.TRAIN ? new TrainHit(decl.ident()) : new DeclHit(decl);
            }
        }
        if (d instanceof Decl.Import imp && contains(imp.path().span(), offset)) {
            return new ImportHit(imp);
        }
        Hit[] hit = {null};
        forEachExpr(file, offset, e -> {
            if (e instanceof Expr.Call c) {
                if (contains(c.callee().span(), offset)) {
                    hit[0] = new CalleeHit(c);
                }
                for (Expr.Arg a : c.args()) {
                    if (a.keyword() != null && contains(a.keyword().span(), offset)) {
                        hit[0] = new KeywordHit(c, a.keyword());
                    }
                }
            } else if (e instanceof Expr.Name n && contains(n.span(), offset)) {
                hit[0] = new NameHit(n.name(), n.span());
            }
        });
        return hit[0];
    }

    /** The names a top-level declaration introduces: itself, and for bodies what they declare. */
    static List<Declared> declarations(Decl d) {
        List<Declared> out = new ArrayList<>();
        if (d instanceof Decl.Model m) {
            out.add(new Declared(m.name().text(), m.name(), Kind.MODEL, null, m));
            body(m.body(), d, out);
        } else if (d instanceof Decl.Block b) {
            out.add(new Declared(b.name().text(), b.name(), Kind.BLOCK, null, b));
            for (Decl.Param p : b.params()) {
                out.add(new Declared(p.name().text(), p.name(), Kind.PARAM, b, p));
            }
            body(b.body(), d, out);
        } else if (d instanceof Decl.Let l) {
            out.add(new Declared(l.name().text(), l.name(), Kind.LET, null, l));
        } else if (d instanceof Decl.Train t) {
            out.add(new Declared(t.name().text(), t.name(), Kind.TRAIN, null, t));
        }
        return out;
    }

    private static void body(List<Stmt> body, Decl owner, List<Declared> out) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Input in) {
                out.add(new Declared(in.name().text(), in.name(), Kind.INPUT, owner, in));
            } else if (s instanceof Stmt.Bind b) {
                out.add(new Declared(b.name().text(), b.name(), Kind.BINDING, owner, b));
            } else if (s instanceof Stmt.Let l) {
                out.add(new Declared(l.name().text(), l.name(), Kind.LET, owner, l));
            }
        }
    }

    /**
     * The declaration a name at {@code offset} refers to: the body's own names first (the last
     * one written before the use), then the file's constants and blocks, then imported ones.
     */
    static Declared resolve(NnlFile file, List<NnlFile> imported, String name, int offset) {
        Decl owner = declAt(file, offset);
        Declared found = null;
        if (owner instanceof Decl.Model || owner instanceof Decl.Block) {
            for (Declared d : declarations(owner)) {
                if (d.owner() != null && d.name().equals(name)
                        && (found == null || d.ident().span().start() < offset)) {
                    found = d;
                }
            }
        }
        if (found != null) {
            return found;
        }
        for (NnlFile f : withImports(file, imported)) {
            for (Decl d : f.decls()) {
                if ((d instanceof Decl.Let || d instanceof Decl.Block) && declarations(d).get(0).name().equals(name)) {
                    return declarations(d).get(0);
                }
            }
        }
        return null;
    }

    /** Every name visible at the offset, nearest scope first, each name once. */
    static List<Declared> visible(NnlFile file, List<NnlFile> imported, int offset) {
        List<Declared> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Decl owner = declAt(file, offset);
        if (owner instanceof Decl.Model || owner instanceof Decl.Block) {
            for (Declared d : declarations(owner)) {
                if (d.owner() != null && d.ident().span().end() < offset && seen.add(d.name())) {
                    out.add(d);
                }
            }
        }
        for (NnlFile f : withImports(file, imported)) {
            for (Decl d : f.decls()) {
                if (d instanceof Decl.Let || d instanceof Decl.Block) {
                    Declared decl = declarations(d).get(0);
                    if (seen.add(decl.name())) {
                        out.add(decl);
                    }
                }
            }
        }
        return out;
    }

    static Decl.Model model(NnlFile file, String name) {
        for (Decl d : file.decls()) {
            if (d instanceof Decl.Model m && m.name().text().equals(name)) {
                return m;
            }
        }
        return null;
    }

    private static List<NnlFile> withImports(NnlFile file, List<NnlFile> imported) {
        List<NnlFile> all = new ArrayList<>();
        all.add(file);
        all.addAll(imported);
        return all;
    }

    /** Calls every expression (calls, names, literals; nested ones too) of the declaration at the offset. */
    static void forEachExpr(NnlFile file, int offset, java.util.function.Consumer<Expr> visit) {
        Decl d = declAt(file, offset);
        if (d != null) {
            forEachExpr(d, visit);
        }
    }

    static void forEachExpr(Decl d, java.util.function.Consumer<Expr> visit) {
        if (d instanceof Decl.Import i) {
            visit.accept(i.path());
        } else if (d instanceof Decl.Let l) {
            expr(l.value(), visit);
        } else if (d instanceof Decl.Block b) {
            for (Decl.Param p : b.params()) {
                expr(p.defaultValue(), visit);
            }
            stmts(b.body(), visit);
        } else if (d instanceof Decl.Model m) {
            stmts(m.body(), visit);
        } else if (d instanceof Decl.Train t) {
            t.entries().forEach(e -> expr(e.value(), visit));
        }
    }

    private static void stmts(List<Stmt> body, java.util.function.Consumer<Expr> visit) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Input in) {
                expr(in.shape(), visit);
            } else if (s instanceof Stmt.Output o) {
                o.chains().forEach(c -> chain(c, visit));
            } else if (s instanceof Stmt.Bind b) {
                chain(b.chain(), visit);
            } else if (s instanceof Stmt.Bare b) {
                chain(b.chain(), visit);
            } else if (s instanceof Stmt.Let l) {
                expr(l.value(), visit);
            }
        }
    }

    private static void chain(Stmt.Chain c, java.util.function.Consumer<Expr> visit) {
        expr(c.head(), visit);
        c.calls().forEach(call -> expr(call, visit));
    }

    private static void expr(Expr e, java.util.function.Consumer<Expr> visit) {
        if (e == null) {
            return;
        }
        visit.accept(e);
        if (e instanceof Expr.Tuple t) {
            t.items().forEach(i -> expr(i, visit));
        } else if (e instanceof Expr.Paren p) {
            expr(p.inner(), visit);
        } else if (e instanceof Expr.ListLit l) {
            l.items().forEach(i -> expr(i, visit));
        } else if (e instanceof Expr.Call c) {
            c.args().forEach(a -> expr(a.value(), visit));
        } else if (e instanceof Expr.Unary u) {
            expr(u.operand(), visit);
        } else if (e instanceof Expr.Binary b) {
            expr(b.left(), visit);
            expr(b.right(), visit);
        }
    }
}
