package dev.nnl.compiler.parse;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.Expr;
import dev.nnl.compiler.ast.Ident;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.ast.Stmt;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import dev.nnl.grammar.NnlParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * Parse tree to immutable AST. The parse tree never leaves this package. Parts the parser
 * could not recover become {@link Expr.Error} or are skipped; they were reported already.
 */
final class AstBuilder {
    private final SourceFile source;
    private final NnlParserFacade.Offsets offsets;
    private final NnlParserFacade.ErrorCounter errors;

    AstBuilder(SourceFile source, NnlParserFacade.Offsets offsets, NnlParserFacade.ErrorCounter errors) {
        this.source = source;
        this.offsets = offsets;
        this.errors = errors;
    }

    NnlFile file(NnlParser.FileContext ctx) {
        List<Decl> decls = new ArrayList<>();
        for (NnlParser.TopItemContext item : ctx.topItem()) {
            Decl d = topItem(item);
            if (d != null) {
                decls.add(d);
            }
        }
        return new NnlFile(source, decls);
    }

    private Decl topItem(NnlParser.TopItemContext ctx) {
        if (ctx.importDecl() != null && ctx.importDecl().STRING() != null && present(ctx.importDecl().STRING().getSymbol())) {
            Token t = ctx.importDecl().STRING().getSymbol();
            return new Decl.Import(string(t), span(ctx));
        }
        if (ctx.letDecl() != null && present(ctx.letDecl().name)) {
            NnlParser.LetDeclContext l = ctx.letDecl();
            return new Decl.Let(ident(l.name), expr(l.expr()), span(ctx));
        }
        if (ctx.blockDecl() != null && present(ctx.blockDecl().name)) {
            NnlParser.BlockDeclContext b = ctx.blockDecl();
            List<Decl.Param> params = new ArrayList<>();
            for (NnlParser.ParamContext p : b.param()) {
                if (present(p.name)) {
                    params.add(new Decl.Param(ident(p.name), p.expr() == null ? null : expr(p.expr())));
                }
            }
            return new Decl.Block(ident(b.name), params, body(b.body()), span(ctx));
        }
        if (ctx.modelDecl() != null && present(ctx.modelDecl().name)) {
            NnlParser.ModelDeclContext m = ctx.modelDecl();
            return new Decl.Model(ident(m.name), body(m.body()), span(ctx));
        }
        if (ctx.trainDecl() != null && present(ctx.trainDecl().name)) {
            NnlParser.TrainDeclContext t = ctx.trainDecl();
            List<Decl.Entry> entries = new ArrayList<>();
            for (NnlParser.TrainEntryContext e : t.trainEntry()) {
                if (present(e.key)) {
                    entries.add(new Decl.Entry(ident(e.key), expr(e.expr()), span(e)));
                }
            }
            return new Decl.Train(ident(t.name), entries, span(ctx));
        }
        return null;
    }

    private List<Stmt> body(NnlParser.BodyContext ctx) {
        List<Stmt> out = new ArrayList<>();
        if (ctx == null) {
            return out;
        }
        for (NnlParser.StmtContext s : ctx.stmt()) {
            Stmt st = stmt(s);
            if (st != null) {
                out.add(st);
            }
        }
        return out;
    }

    private Stmt stmt(NnlParser.StmtContext ctx) {
        if (ctx.inputDecl() != null) {
            NnlParser.InputDeclContext in = ctx.inputDecl();
            if (!present(in.name)) {
                return null;
            }
            return new Stmt.Input(ident(in.name), in.shape == null ? null : expr(in.shape), in.dtype == null ? null : ident(in.dtype), span(ctx));
        }
        if (ctx.outputDecl() != null) {
            List<Stmt.Chain> chains = new ArrayList<>();
            for (NnlParser.ChainContext c : ctx.outputDecl().chain()) {
                Stmt.Chain chain = chain(c);
                if (chain != null) {
                    chains.add(chain);
                }
            }
            return new Stmt.Output(chains, span(ctx));
        }
        if (ctx.letDecl() != null) {
            NnlParser.LetDeclContext l = ctx.letDecl();
            return !present(l.name) ? null : new Stmt.Let(ident(l.name), expr(l.expr()), span(ctx));
        }
        if (ctx.binding() != null) {
            NnlParser.BindingContext b = ctx.binding();
            Stmt.Chain chain = chain(b.chain());
            return !present(b.name) || chain == null ? null : new Stmt.Bind(ident(b.name), chain, span(ctx));
        }
        if (ctx.chainStmt() != null) {
            Stmt.Chain chain = chain(ctx.chainStmt().chain());
            return chain == null ? null : new Stmt.Bare(chain, span(ctx));
        }
        return null;
    }

    private Stmt.Chain chain(NnlParser.ChainContext ctx) {
        if (ctx == null || ctx.head == null) {
            return null;
        }
        Expr head;
        if (ctx.head instanceof NnlParser.CallHeadContext c) {
            head = call(c.call());
        } else if (ctx.head instanceof NnlParser.NameHeadContext n) {
            head = new Expr.Name(n.ID().getText(), span(n.ID().getSymbol()));
        } else {
            return null;
        }
        if (head == null) {
            return null;
        }
        List<Expr.Call> calls = new ArrayList<>();
        for (NnlParser.CallContext c : ctx.call()) {
            Expr.Call call = call(c);
            if (call != null) {
                calls.add(call);
            }
        }
        return new Stmt.Chain(head, calls, span(ctx));
    }

    private Expr.Call call(NnlParser.CallContext ctx) {
        if (ctx == null || !present(ctx.callee)) {
            return null;
        }
        List<Expr.Arg> args = new ArrayList<>();
        for (NnlParser.ArgContext a : ctx.arg()) {
            if (a.expr() == null) {
                continue;
            }
            args.add(new Expr.Arg(a.key == null ? null : ident(a.key), expr(a.expr()), span(a)));
        }
        return new Expr.Call(ident(ctx.callee), args, span(ctx));
    }

    private Expr expr(NnlParser.ExprContext ctx) {
        if (ctx == null || ctx.exception != null && ctx.getChildCount() == 0) {
            return new Expr.Error(ctx == null ? source.span(0, 0) : span(ctx));
        }
        if (ctx instanceof NnlParser.UnaryExprContext u) {
            return new Expr.Unary(u.op.getText().charAt(0), expr(u.expr()), span(ctx));
        }
        if (ctx instanceof NnlParser.BinaryExprContext b) {
            return new Expr.Binary(expr(b.left), b.op.getText().charAt(0), expr(b.right), span(ctx));
        }
        if (ctx instanceof NnlParser.PrimaryExprContext p) {
            return primary(p.primary());
        }
        return new Expr.Error(span(ctx));
    }

    private Expr primary(NnlParser.PrimaryContext ctx) {
        if (ctx == null) {
            return new Expr.Error(source.span(0, 0));
        }
        Span span = span(ctx);
        if (ctx instanceof NnlParser.NumberLitContext n) {
            return number(n.NUMBER().getSymbol(), span);
        }
        if (ctx instanceof NnlParser.StringLitContext s) {
            return string(s.STRING().getSymbol());
        }
        if (ctx instanceof NnlParser.BadStringLitContext) {
            return new Expr.Error(span);
        }
        if (ctx instanceof NnlParser.TrueLitContext) {
            return new Expr.Bool(true, span);
        }
        if (ctx instanceof NnlParser.FalseLitContext) {
            return new Expr.Bool(false, span);
        }
        if (ctx instanceof NnlParser.NoneLitContext) {
            return new Expr.None(span);
        }
        if (ctx instanceof NnlParser.CallLitContext c) {
            Expr.Call call = call(c.call());
            return call == null ? new Expr.Error(span) : call;
        }
        if (ctx instanceof NnlParser.NameRefContext n) {
            return new Expr.Name(n.ID().getText(), span);
        }
        if (ctx instanceof NnlParser.ParenOrTupleContext p) {
            List<Expr> items = new ArrayList<>();
            for (NnlParser.ExprContext e : p.expr()) {
                items.add(expr(e));
            }
            if (items.size() == 1 && p.trailing == null) {
                return new Expr.Paren(items.get(0), span);
            }
            return new Expr.Tuple(items, span);
        }
        if (ctx instanceof NnlParser.ListLitContext l) {
            List<Expr> items = new ArrayList<>();
            for (NnlParser.ExprContext e : l.expr()) {
                items.add(expr(e));
            }
            return new Expr.ListLit(items, span);
        }
        return new Expr.Error(span);
    }

    private Expr number(Token t, Span span) {
        try {
            return new Expr.Num(new BigDecimal(t.getText()), span);
        } catch (NumberFormatException | ArithmeticException e) {
            errors.diagnostics().report(Code.CONSTANT_EXPRESSION, span,
                    "number `" + abbreviate(t.getText()) + "` is out of range").emit();
            return new Expr.Error(span);
        }
    }

    /** Unescapes a string literal, reporting escapes the language does not have. */
    private Expr.Str string(Token t) {
        Span span = span(t);
        String raw = t.getText();
        StringBuilder sb = new StringBuilder(raw.length());
        int rawStart = span.start();
        for (int i = 1; i < raw.length() - 1; i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                default -> errors.report(Code.BAD_ESCAPE, source.span(rawStart + i - 1, rawStart + i + 1), String.valueOf(e));
            }
        }
        return new Expr.Str(sb.toString(), span);
    }

    private static String abbreviate(String s) {
        return s.length() > 24 ? s.substring(0, 20) + "…" : s;
    }

    /**
     * False for a token the parser conjured to recover from a syntax error (already reported):
     * a declaration without its name or path is skipped rather than checked as {@code <missing ID>}.
     */
    private static boolean present(Token t) {
        return t != null && t.getTokenIndex() >= 0;
    }

    private Ident ident(Token t) {
        return new Ident(t.getText(), span(t));
    }

    private Span span(Token t) {
        return offsets.span(source, t);
    }

    private Span span(ParserRuleContext ctx) {
        return offsets.span(source, ctx.start, ctx.stop);
    }
}
