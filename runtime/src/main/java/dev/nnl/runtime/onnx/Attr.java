package dev.nnl.runtime.onnx;

import com.google.protobuf.ByteString;
import dev.nnl.runtime.onnx.proto.Onnx.AttributeProto;
import dev.nnl.runtime.onnx.proto.Onnx.AttributeProto.AttributeType;
import java.nio.charset.StandardCharsets;

/** One node attribute, built with the protobuf classes generated from onnx.proto. */
public record Attr(AttributeProto proto) {
    public static Attr i(String name, long v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(v).build());
    }

    public static Attr f(String name, double v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF((float) v).build());
    }

    public static Attr s(String name, String v) {
        return new Attr(AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build());
    }

    public static Attr ints(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return new Attr(b.build());
    }

    public static Attr floats(String name, float... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        for (float x : v) {
            b.addFloats(x);
        }
        return new Attr(b.build());
    }

    public static Attr strings(String name, String... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String x : v) {
            b.addStrings(ByteString.copyFrom(x, StandardCharsets.UTF_8));
        }
        return new Attr(b.build());
    }
}
