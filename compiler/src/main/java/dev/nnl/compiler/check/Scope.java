package dev.nnl.compiler.check;

import dev.nnl.compiler.ast.Decl;
import dev.nnl.compiler.value.Value;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Constants and blocks visible at a point: file level, then model or block level. */
final class Scope {
    /** A block with the scope it was defined in (its defaults and body see that scope). */
    record BlockDef(Decl.Block decl, Scope definedIn) {
    }

    private final Scope parent;
    private final Map<String, Value> constants = new HashMap<>();
    private final Map<String, BlockDef> blocks = new HashMap<>();

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
        return constants.containsKey(name) || blocks.containsKey(name);
    }

    void defineConstant(String name, Value v) {
        constants.put(name, v);
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
