package dev.nnl.compiler.layers;

import dev.nnl.compiler.source.Span;
import dev.nnl.compiler.value.Value;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * A layer call's arguments after binding: every schema argument has a converted value (given or
 * default). Spans point at the value the user wrote, or at the call when the default applies,
 * so shape errors caused by an argument can underline it.
 */
public final class LayerArgs {
    private final String className;
    private final Map<String, Object> values;
    private final Map<String, Span> spans;
    private final Set<String> given;
    private final Span callSpan;

    public LayerArgs(String className, Map<String, Object> values, Map<String, Span> spans, Set<String> given, Span callSpan) {
        this.className = className;
        this.values = Collections.unmodifiableMap(values);
        this.spans = Collections.unmodifiableMap(spans);
        this.given = Collections.unmodifiableSet(given);
        this.callSpan = callSpan;
    }

    public String className() {
        return className;
    }

    public Object get(String name) {
        return values.get(name);
    }

    public long getLong(String name) {
        return (Long) values.get(name);
    }

    public int getInt(String name) {
        return Math.toIntExact((Long) values.get(name));
    }

    public double getDouble(String name) {
        return (Double) values.get(name);
    }

    public boolean getBool(String name) {
        return (Boolean) values.get(name);
    }

    public long[] getLongs(String name) {
        return (long[]) values.get(name);
    }

    public String getString(String name) {
        return (String) values.get(name);
    }

    public Value getValue(String name) {
        return (Value) values.get(name);
    }

    public boolean isGiven(String name) {
        return given.contains(name);
    }

    /** Where the argument was written, or the call itself when it was defaulted. */
    public Span span(String name) {
        return spans.getOrDefault(name, callSpan);
    }

    public Span callSpan() {
        return callSpan;
    }

    public Map<String, Object> values() {
        return values;
    }
}
