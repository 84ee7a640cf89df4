package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Constants and blocks visible at a point: file level, then model or block level. */
final class Scope {
    /**
     * A block with the scope it was defined in (its defaults and body see that scope).
     * {@code broken} blocks hold a syntax error: uses expand to nothing, silently.
     */
    record BlockDef(Decl.Block decl, Scope definedIn, boolean broken) {
    }

    private final Scope parent;
    private final Map<String, Value> constants = new HashMap<>();
    private final Map<String, BlockDef> blocks = new HashMap<>();
    private final Set<String> failed = new HashSet<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    Value constant(String name) {
        Value v = constants.get(name);
        return v != null || parent == null ? v : parent.constant(name);
    }

    BlockDef block(String name) {
        BlockDef b = blocks.get(name);
        return b != null || parent == null ? b : parent.block(name);
    }

    boolean definesLocally(String name) {
        return constants.containsKey(name) || blocks.containsKey(name) || failed.contains(name);
    }

    void defineConstant(String name, Value v) {
        constants.put(name, v);
    }

    /** A constant whose value failed to evaluate (already reported): uses of it fail silently. */
    void defineFailed(String name) {
        failed.add(name);
    }

    boolean isFailed(String name) {
        return failed.contains(name) || !constants.containsKey(name) && parent != null && parent.isFailed(name);
    }

    void defineBlock(String name, BlockDef b) {
        blocks.put(name, b);
    }

    Set<String> blockNames() {
        Set<String> out = parent == null ? new LinkedHashSet<>() : parent.blockNames();
        out.addAll(blocks.keySet());
        return out;
    }

    Set<String> constantNames() {
        Set<String> out = parent == null ? new LinkedHashSet<>() : parent.constantNames();
        out.addAll(constants.keySet());
        return out;
    }
}
