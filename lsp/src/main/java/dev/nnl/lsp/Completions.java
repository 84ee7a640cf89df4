package dev.nnl.lsp;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.docs.LayerDocs;
import dev.nnl.compiler.layers.LayerDef;
import dev.nnl.compiler.layers.Param;
import dev.nnl.compiler.layers.ParamSchema;
import dev.nnl.compiler.layers.Registry;
import dev.nnl.compiler.parse.Lexemes.Kind;
import dev.nnl.compiler.parse.Lexemes.Lexeme;
import dev.nnl.compiler.train.TrainSchemas;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;

/**
 * Completion from the tokens before the cursor, so it works in the half-typed code it is asked
 * about (an unclosed call does not parse). The syntax tree of the last good parse supplies the
 * names in scope.
 */
final class Completions {
    private static final List<String> TOP_KEYWORDS = List.of("model", "block", "train", "let", "import");

    private final Analysis analysis;
    private final int offset;
    private final boolean snippets;
    private final List<CompletionItem> items = new ArrayList<>();
    private final Set<String> labels = new HashSet<>();
    private List<Syntax.Declared> visible;

    private Completions(Analysis analysis, int offset, boolean snippets) {
        this.analysis = analysis;
        this.offset = offset;
        this.snippets = snippets;
    }

    static CompletionList complete(Analysis a, int offset, boolean snippets) {
        Completions c = new Completions(a, offset, snippets);
        c.run();
        return new CompletionList(false, c.items);
    }

    /** What kind of body an open brace starts. */
    private enum Body { TOP, MODEL, BLOCK, TRAIN }

    private void run() {
        List<Lexeme> tokens = new ArrayList<>();
        for (Lexeme l : analysis.lexemes()) {
            if (l.start() >= offset) {
                break;
            }
            boolean literal = l.kind() == Kind.COMMENT || l.kind() == Kind.STRING;
            if (literal && (offset < l.end() || offset == l.end() && !closed(l))) {
                return;  // nothing to complete inside a comment or a string
            }
            if ((l.kind() == Kind.NAME || l.kind() == Kind.KEYWORD) && offset <= l.end()) {
                break;  // the word being typed is what completion replaces, not context
            }
            if (l.kind() != Kind.COMMENT) {
                tokens.add(l);
            }
        }
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            Lexeme t = tokens.get(i);
            if (t.is("(") || t.is("[") || t.is("{")) {
                open.push(i);
            } else if ((t.is(")") || t.is("]") || t.is("}")) && !open.isEmpty()) {
                open.pop();
            }
        }
        Lexeme prev = tokens.isEmpty() ? null : tokens.get(tokens.size() - 1);
        // The innermost call or list, and the body (model, block, train) around everything.
        Integer paren = null;
        Integer brace = null;
        for (int i : open) {
            if (tokens.get(i).is("{")) {
                brace = i;
                break;
            }
            if (paren == null) {
                paren = i;
            }
        }
        Body body = brace == null ? Body.TOP : bodyOf(tokens, brace);
        if (paren != null) {
            inBrackets(tokens, paren, prev, body);
        } else {
            inStatement(tokens, prev, body);
        }
    }

    /** Whether a comment or string token has its closing delimiter (a line comment never does). */
    private static boolean closed(Lexeme l) {
        String t = l.text();
        return t.startsWith("/*") ? t.length() >= 4 && t.endsWith("*/") : t.startsWith("\"") && t.length() >= 2 && t.endsWith("\"");
    }

    private static Body bodyOf(List<Lexeme> tokens, int brace) {
        int i = brace - 1;
        if (i >= 0 && tokens.get(i).is(")")) {
            int depth = 0;
            for (; i >= 0; i--) {
                depth += tokens.get(i).is(")") ? 1 : tokens.get(i).is("(") ? -1 : 0;
                if (depth == 0) {
                    break;
                }
            }
            i--;
        }
        Lexeme keyword = i >= 1 ? tokens.get(i - 1) : null;
        if (keyword == null) {
            return Body.TOP;
        }
        return keyword.is("model") ? Body.MODEL : keyword.is("block") ? Body.BLOCK : keyword.is("train") ? Body.TRAIN : Body.TOP;
    }

    // ---- statements ----

    private void inStatement(List<Lexeme> tokens, Lexeme prev, Body body) {
        boolean start = prev == null || prev.kind() == Kind.NEWLINE || prev.is("{") || prev.is(";") || prev.is("}");
        if (body == Body.TOP) {
            if (start) {
                TOP_KEYWORDS.forEach(k -> add(k, CompletionItemKind.Keyword, null, null, k + " "));
            }
            return;
        }
        if (body == Body.TRAIN) {
            if (start) {
                trainKeys(tokens);
            } else if (prev.is("=") && tokens.size() >= 2 && tokens.get(tokens.size() - 2).kind() == Kind.NAME) {
                trainValues(tokens.get(tokens.size() - 2).text());
            }
            return;
        }
        if (start) {
            for (String k : List.of("input", "output", "let")) {
                add(k, CompletionItemKind.Keyword, null, null, k + " ");
            }
            layers();
            names();
        } else if (prev.is("->") || prev.is("=") || prev.is("output") || prev.is(",")) {
            boolean let = tokens.size() >= 3 && tokens.get(tokens.size() - 3).is("let");
            if (!let) {
                layers();
            }
            names();
        } else if (prev.is(")") && statementStartsWith(tokens, "input")) {
            add("float32", CompletionItemKind.TypeParameter, "the default", null, null);
            add("int32", CompletionItemKind.TypeParameter, "token ids, for an Embedding", null, null);
        }
    }

    private static boolean statementStartsWith(List<Lexeme> tokens, String keyword) {
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Lexeme t = tokens.get(i);
            if (t.kind() == Kind.NEWLINE || t.is("{") || t.is(";")) {
                return i + 1 < tokens.size() && tokens.get(i + 1).is(keyword);
            }
        }
        return false;
    }

    private void trainKeys(List<Lexeme> tokens) {
        Set<String> set = new HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.NAME && tokens.get(i + 1).is("=")) {
                set.add(tokens.get(i).text());
            }
        }
        for (String key : TrainSchemas.KEYS) {
            if (!set.contains(key)) {
                add(key, CompletionItemKind.Property, "train setting", null, key + " = ");
            }
        }
    }

    private void trainValues(String key) {
        switch (key) {
            case "loss" -> {
                TrainSchemas.LOSS_NAMES.keySet().forEach(n -> add(n, CompletionItemKind.EnumMember, "loss", null, null));
                calls(TrainSchemas.LOSSES, "loss");
            }
            case "optimizer" -> calls(TrainSchemas.OPTIMIZERS, "optimizer");
            case "metrics" -> TrainSchemas.METRICS.forEach(n -> add(n, CompletionItemKind.EnumMember, "metric", null, null));
            case "data", "validation_data", "test_data" -> calls(TrainSchemas.DATA, "data source");
            case "callbacks" -> calls(TrainSchemas.CALLBACKS, "callback");
            case "shuffle" -> List.of("true", "false").forEach(n -> add(n, CompletionItemKind.Keyword, null, null, null));
            default -> {
            }
        }
        constants();
    }

    // ---- inside ( ) and [ ] ----

    private void inBrackets(List<Lexeme> tokens, int open, Lexeme prev, Body body) {
        Lexeme bracket = tokens.get(open);
        Lexeme before = open > 0 ? tokens.get(open - 1) : null;
        if (bracket.is("[")) {
            // `metrics = [acc…`, `callbacks = [Early…`: the list holds values of the train key.
            if (body == Body.TRAIN && before != null && before.is("=") && open >= 2) {
                trainValues(tokens.get(open - 2).text());
            } else {
                constants();
            }
            return;
        }
        if (before == null || before.kind() != Kind.NAME) {
            constants();
            return;
        }
        if (open >= 2 && tokens.get(open - 2).is("block")) {
            return;
        }
        String callee = before.text();
        Set<String> given = new HashSet<>();
        int positional = 0;
        int depth = 0;
        for (int i = open + 1; i < tokens.size(); i++) {
            Lexeme t = tokens.get(i);
            depth += t.is("(") || t.is("[") ? 1 : t.is(")") || t.is("]") ? -1 : 0;
            if (depth == 0 && t.kind() == Kind.NAME && i + 1 < tokens.size() && tokens.get(i + 1).is("=")) {
                given.add(t.text());
            } else if (depth == 0 && t.is(",") && !tokens.get(i - 1).is("=")) {
                positional++;
            }
        }
        positional -= given.size();
        if (prev.is("=") && tokens.size() >= 2 && tokens.get(tokens.size() - 2).kind() == Kind.NAME) {
            Lexeme key = tokens.get(tokens.size() - 2);
            Lexeme beforeKey = tokens.size() >= 3 ? tokens.get(tokens.size() - 3) : null;
            if (beforeKey != null && (beforeKey.is("(") || beforeKey.is(","))) {
                values(callee, key.text());
                return;
            }
        }
        if (prev.is("(") || prev.is(",")) {
            ParamSchema schema = schemaOf(callee);
            if (schema != null) {
                // Arguments already given by position are not offered again as keywords.
                Set<String> covered = new HashSet<>(given);
                for (int i = 0; i < Math.min(positional, schema.positional().size()); i++) {
                    covered.add(schema.positional().get(i).name());
                }
                keywords(schema, covered);
                if (Registry.get(callee) != null) {
                    keywords(ParamSchema.UNIVERSAL, covered);
                }
                List<Param> pos = schema.positional();
                if (given.isEmpty() && positional >= 0 && positional < pos.size()) {
                    values(callee, pos.get(positional).name());
                }
            } else {
                blockKeywords(callee, given);
            }
            if (Registry.get(callee) != null && Registry.get(callee).isMerge()) {
                names();
            }
            constants();
        }
    }

    /** The arguments of a layer, or of an optimizer, callback, data source or loss in a train block. */
    static ParamSchema schemaOf(String callee) {
        LayerDef def = Registry.get(callee);
        if (def != null) {
            return def.params();
        }
        for (Map<String, ParamSchema> m : List.of(TrainSchemas.OPTIMIZERS, TrainSchemas.CALLBACKS, TrainSchemas.DATA, TrainSchemas.LOSSES)) {
            if (m.containsKey(callee)) {
                return m.get(callee);
            }
        }
        return null;
    }

    private void keywords(ParamSchema schema, Set<String> given) {
        int order = 0;
        for (Param p : schema.params()) {
            order++;
            if (given.contains(p.name()) || p.isIgnored()) {
                continue;
            }
            String detail = p.required() ? "required" : "default " + p.defaultText();
            CompletionItem item = add(p.name() + "=", CompletionItemKind.Property, detail,
                    p.doc() + "\n\nAccepts " + p.type().describe() + ".", p.name() + "=");
            if (item != null) {
                item.setFilterText(p.name());
                item.setSortText(String.format("0%03d", order));
            }
        }
    }

    private void blockKeywords(String callee, Set<String> given) {
        Syntax.Declared d = Syntax.resolve(analysis.compilation().facts().ast(), analysis.compilation().facts().importedAsts(), callee, offset);
        if (d == null || d.kind() != Syntax.Kind.BLOCK) {
            return;
        }
        for (Decl.Param p : ((Decl.Block) d.node()).params()) {
            if (!given.contains(p.name().text())) {
                String detail = p.defaultValue() == null ? "required" : "default " + p.defaultValue().span().text();
                CompletionItem item = add(p.name().text() + "=", CompletionItemKind.Property, detail, null, p.name().text() + "=");
                if (item != null) {
                    item.setFilterText(p.name().text());
                }
            }
        }
    }

    /** Symbol values of one argument: activations, paddings, initializers, booleans. */
    private void values(String callee, String keyword) {
        ParamSchema schema = schemaOf(callee);
        Param p = schema == null ? null : schema.get(keyword);
        if (p == null && Registry.get(callee) != null) {
            p = ParamSchema.UNIVERSAL.get(keyword);
        }
        if (p != null) {
            for (String s : p.type().symbols()) {
                LayerDef wrapped = Registry.get(s);
                if (wrapped != null) {
                    layer(wrapped);
                } else {
                    add(s, CompletionItemKind.EnumMember, keyword, null, null);
                }
            }
        }
        constants();
    }

    // ---- item sources ----

    private void layers() {
        for (LayerDef def : Registry.all()) {
            layer(def);
        }
        for (Syntax.Declared d : visible()) {
            if (d.kind() == Syntax.Kind.BLOCK) {
                add(d.name(), CompletionItemKind.Function, "block", null, callText(d.name()));
            }
        }
    }

    private void layer(LayerDef def) {
        CompletionItem item = add(def.className(), CompletionItemKind.Class, LayerDocs.signature(def),
                def.doc() + "\n\n" + def.shapeRule() + "\n\ne.g. `" + def.example() + "`", callText(def.className()));
        if (item != null && snippets) {
            item.setInsertTextFormat(InsertTextFormat.Snippet);
        }
    }

    private void calls(Map<String, ParamSchema> schemas, String what) {
        for (String name : schemas.keySet()) {
            CompletionItem item = add(name, CompletionItemKind.Function, what, null, callText(name));
            if (item != null && snippets) {
                item.setInsertTextFormat(InsertTextFormat.Snippet);
            }
        }
    }

    private String callText(String name) {
        return snippets ? name + "($1)$0" : name;
    }

    /** Tensors and constants in scope. */
    private void names() {
        for (Syntax.Declared d : visible()) {
            if (d.kind() != Syntax.Kind.BLOCK) {
                add(d.name(), d.kind() == Syntax.Kind.LET ? CompletionItemKind.Constant : CompletionItemKind.Variable,
                        d.kind().name().toLowerCase(java.util.Locale.ROOT), null, null);
            }
        }
    }

    /** Constants and block parameters in scope: values an argument may name. */
    private void constants() {
        for (Syntax.Declared d : visible()) {
            if (d.kind() == Syntax.Kind.LET || d.kind() == Syntax.Kind.PARAM) {
                add(d.name(), CompletionItemKind.Constant, d.kind().name().toLowerCase(java.util.Locale.ROOT), null, null);
            }
        }
    }

    /** The names in scope at the cursor; several item sources ask, so they are looked up once. */
    private List<Syntax.Declared> visible() {
        if (visible == null) {
            visible = Syntax.visible(analysis.compilation().facts().ast(), analysis.compilation().facts().importedAsts(), offset);
        }
        return visible;
    }

    private CompletionItem add(String label, CompletionItemKind kind, String detail, String doc, String insert) {
        if (!labels.add(label)) {
            return null;
        }
        CompletionItem item = new CompletionItem(label);
        item.setKind(kind);
        item.setDetail(detail);
        if (doc != null) {
            item.setDocumentation(new MarkupContent(MarkupKind.MARKDOWN, doc));
        }
        if (insert != null) {
            item.setInsertText(insert);
        }
        items.add(item);
        return item;
    }
}
