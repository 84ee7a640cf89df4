package dev.nnl.compiler.check;

import dev.nnl.compiler.Compilation;
import dev.nnl.compiler.analysis.Facts;
import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.ast.NnlFile;
import dev.nnl.compiler.diag.Code;
import dev.nnl.compiler.diag.Diagnostic;
import dev.nnl.compiler.diag.Diagnostics;
import dev.nnl.compiler.ir.ModelIR;
import dev.nnl.compiler.parse.NnlParserFacade;
import dev.nnl.compiler.parse.ParseResult;
import dev.nnl.compiler.parse.Suppressions;
import dev.nnl.compiler.source.Position;
import dev.nnl.compiler.source.RegularFiles;
import dev.nnl.compiler.source.SourceFile;
import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.train.TrainConfig;
import dev.nnl.compiler.value.Value;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole file: imports, constants, blocks, every model and every train block. Each
 * model is checked independently, so an error in one does not hide errors in another.
 */
public final class Checker {
    private final Diagnostics diags = new Diagnostics();
    private final Evaluator evaluator = new Evaluator(diags);
    private final List<Suppressions> suppressions = new ArrayList<>();
    private final Deque<Path> importStack = new ArrayDeque<>();
    private final Map<Path, Scope> imported = new HashMap<>();
    private final List<SourceFile> importedFiles = new ArrayList<>();
    private final Map<Path, String> importNames = new HashMap<>();
    private final List<NnlFile> importedAsts = new ArrayList<>();
    /** Imported files that do not parse, with the import that names each. */
    private final Map<SourceFile, Decl.Import> unparsedImports = new LinkedHashMap<>();
    private final Facts.Builder facts = new Facts.Builder();

    private Checker() {
    }

    public static Compilation check(SourceFile file) {
        return new Checker().run(file);
    }

    private Compilation run(SourceFile file) {
        ParseResult parsed = NnlParserFacade.parse(file, diags);
        suppressions.add(parsed.suppressions());
        if (file.path() != null) {
            Path self = file.path().toAbsolutePath().normalize();
            importStack.push(self);
            importNames.put(self, file.name());
        }
        Scope scope = fileScope(parsed.file());
        List<Integer> syntaxErrors = syntaxErrors(file);

        List<String> names = new ArrayList<>();
        Map<String, ModelIR> models = new LinkedHashMap<>();
        Map<String, Span> modelSpans = new HashMap<>();
        for (Decl d : parsed.file().decls()) {
            if (d instanceof Decl.Model m) {
                String name = m.name().text();
                if (modelSpans.containsKey(name)) {
                    diags.report(Code.DUPLICATE_NAME, m.name().span(), name).related(modelSpans.get(name), "first defined here").emit();
                    continue;
                }
                modelSpans.put(name, m.name().span());
                names.add(name);
                // Past the error limit nothing more of the file would be recorded (Diagnostics).
                if (holdsAny(m, syntaxErrors) || diags.stopped(file)) {
                    continue;
                }
                ModelIR ir = new ModelChecker(m, scope, diags, facts).check();
                if (ir != null) {
                    models.put(name, ir);
                }
            }
        }
        Map<String, TrainConfig> trains = new LinkedHashMap<>();
        Map<String, Span> trainSpans = new HashMap<>();
        for (Decl d : parsed.file().decls()) {
            if (d instanceof Decl.Train t) {
                String name = t.name().text();
                if (!modelSpans.containsKey(name)) {
                    diags.report(Code.UNKNOWN_MODEL, t.name().span(), name)
                            .help(Suggest.didYouMean(name, names)).emit();
                    continue;
                }
                if (trainSpans.containsKey(name)) {
                    diags.report(Code.DUPLICATE_TRAIN, t.name().span(), name).related(trainSpans.get(name), "first block here").emit();
                    continue;
                }
                trainSpans.put(name, t.name().span());
                if (holdsAny(t, syntaxErrors)) {
                    continue;
                }
                TrainConfig cfg = new TrainChecker(diags).check(t, scope, models.get(name));
                if (cfg != null) {
                    trains.put(name, cfg);
                }
            }
        }
        if (names.isEmpty() && !diags.hasErrors()) {
            diags.report(Code.NO_MODEL, file.span(0, 0)).help("declare one: `model Name { input x: (784) … }`").emit();
        }
        unparsedImports.forEach(this::reportUnparsed);
        List<Diagnostic> kept = new ArrayList<>();
        for (Diagnostic diag : diags.all()) {
            if (unparsedImports.containsKey(diag.span().file())) {
                continue;
            }
            if (suppressions.stream().noneMatch(s -> s.silences(diag))) {
                kept.add(diag);
            }
        }
        // Source order reads best; the sort is stable, so one position keeps discovery order.
        kept.sort(java.util.Comparator.comparing((Diagnostic d) -> d.span().file().name())
                .thenComparingInt(d -> d.span().start()));
        return new Compilation(file, names, models, trains, kept, List.copyOf(importedFiles),
                facts.build(parsed.file(), importedAsts));
    }

    /**
     * Where the parser gave up in a file (syntax and lexical errors). A declaration holding one
     * is not checked further: what the parser recovered of it would only yield follow-on errors.
     */
    private List<Integer> syntaxErrors(SourceFile file) {
        List<Integer> out = new ArrayList<>();
        for (Diagnostic d : diags.all()) {
            int n = Integer.parseInt(d.code().id().substring(3));
            if (d.isError() && n / 1000 == 1 && d.span().file() == file) {
                out.add(d.span().start());
            }
        }
        return out;
    }

    private static boolean holdsAny(Decl d, List<Integer> offsets) {
        return offsets.stream().anyMatch(o -> d.span().start() <= o && o <= d.span().end());
    }

    /** Top-level constants and blocks, with imported files' ones beneath them. */
    private Scope fileScope(NnlFile file) {
        List<Integer> syntaxErrors = syntaxErrors(file.source());
        Scope importsScope = new Scope(null);
        Scope scope = new Scope(importsScope);
        for (Decl d : file.decls()) {
            if (d instanceof Decl.Import imp) {
                Scope other = importFile(file.source(), imp);
                if (other != null) {
                    merge(other, importsScope);
                }
            } else if (d instanceof Decl.Let let) {
                if (scope.definesLocally(let.name().text())) {
                    diags.report(Code.DUPLICATE_NAME, let.name().span(), let.name().text()).emit();
                    continue;
                }
                Value v = evaluator.eval(let.value(), scope);
                if (v != null) {
                    scope.defineConstant(let.name().text(), v);
                } else {
                    scope.defineFailed(let.name().text());
                }
            } else if (d instanceof Decl.Block b) {
                if (scope.definesLocally(b.name().text())) {
                    diags.report(Code.DUPLICATE_NAME, b.name().span(), b.name().text()).emit();
                    continue;
                }
                scope.defineBlock(b.name().text(), new Scope.BlockDef(b, scope, holdsAny(b, syntaxErrors)));
            }
        }
        return scope;
    }

    private static void merge(Scope from, Scope into) {
        for (String c : from.constantNames()) {
            into.defineConstant(c, from.constant(c));
        }
        for (String b : from.blockNames()) {
            into.defineBlock(b, from.block(b));
        }
    }

    private Scope importFile(SourceFile from, Decl.Import imp) {
        String rel = imp.path().value();
        Path target = importTarget(from, rel);
        // Messages name files as the user does: relative to the importing file's reported name,
        // never by an absolute path that differs from machine to machine.
        String shown = displayName(from, rel);
        // Only nnl files are read: a diagnostic in an imported file quotes its lines, so an
        // import of any other file (`import "/etc/passwd"`) would print what it holds.
        if (!rel.endsWith(".nnl")) {
            diags.report(Code.IMPORT_FAILED, imp.path().span(), "\"" + rel + "\"", shown + " is not a .nnl file")
                    .help("an import names a file of nnl blocks and constants, such as `import \"blocks.nnl\"`").emit();
            return null;
        }
        if (importStack.contains(target)) {
            List<Path> stack = new ArrayList<>(importStack);
            List<String> cycle = new ArrayList<>();
            for (int i = stack.indexOf(target); i >= 0; i--) {
                cycle.add(importNames.getOrDefault(stack.get(i), stack.get(i).getFileName().toString()));
            }
            cycle.add(shown);
            diags.report(Code.IMPORT_CYCLE, imp.path().span(), String.join(" → ", cycle)).emit();
            return null;
        }
        Scope cached = imported.get(target);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try {
            bytes = RegularFiles.readSource(target);
        } catch (RegularFiles.Refused e) {
            diags.report(Code.IMPORT_FAILED, imp.path().span(), "\"" + rel + "\"", shown + " " + e.reason()).emit();
            return null;
        } catch (NoSuchFileException e) {
            diags.report(Code.IMPORT_FAILED, imp.path().span(), "\"" + rel + "\"", "no such file " + shown)
                    .help("import paths are relative to the folder of the importing file").emit();
            return null;
        } catch (IOException | SecurityException e) {
            diags.report(Code.IMPORT_FAILED, imp.path().span(), "\"" + rel + "\"", "cannot read " + shown).emit();
            return null;
        }
        SourceFile other = SourceFile.decode(shown, target, bytes);
        importNames.put(target, shown);
        importedFiles.add(other);
        ParseResult parsed = NnlParserFacade.parse(other, diags);
        if (!syntaxErrors(other).isEmpty()) {
            unparsedImports.put(other, imp);
        }
        suppressions.add(parsed.suppressions());
        importedAsts.add(parsed.file());
        importStack.push(target);
        try {
            Scope scope = fileScope(parsed.file());
            imported.put(target, scope);
            return scope;
        } finally {
            importStack.pop();
        }
    }

    /**
     * An imported file that does not parse may not be nnl at all (a link named {@code blocks.nnl}
     * to a key file): its diagnostics would print its lines and its words. They give way to one
     * error at the import that says where the first problem is; checking the file itself shows all.
     */
    private void reportUnparsed(SourceFile file, Decl.Import imp) {
        List<Integer> errors = syntaxErrors(file);
        Position first = file.position(errors.stream().min(Integer::compare).orElse(0));
        String reason = String.format("%s does not parse as nnl (%d syntax error%s, the first at line %d, column %d)",
                file.name(), errors.size(), errors.size() == 1 ? "" : "s", first.line() + 1, first.character() + 1);
        diags.report(Code.IMPORT_FAILED, imp.path().span(), "\"" + imp.path().value() + "\"", reason)
                .help("`nnlc check " + file.name() + "` shows them").emit();
    }

    /** The file an {@code import} names: relative to the folder of the importing file (or the current one). */
    public static Path importTarget(SourceFile from, String rel) {
        Path base = from.path() == null ? Path.of("") : from.path().toAbsolutePath().getParent();
        return base.resolve(rel).normalize();
    }

    /** {@code rel} as seen from where the user stands: resolved against the importing file's name. */
    private static String displayName(SourceFile from, String rel) {
        try {
            Path parent = Path.of(from.name()).getParent();
            return (parent == null ? Path.of(rel) : parent.resolve(rel)).normalize().toString().replace('\\', '/');
        } catch (java.nio.file.InvalidPathException e) {
            return rel;
        }
    }
}
