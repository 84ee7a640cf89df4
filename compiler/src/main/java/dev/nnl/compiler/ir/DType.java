package dev.nnl.compiler.ir;

import java.util.Locale;

public enum DType {
    FLOAT32, INT32;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DType parse(String s) {
        for (DType d : values()) {
            if (d.label().equals(s)) {
                return d;
            }
        }
        return null;
    }
}
