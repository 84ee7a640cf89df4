/**
 * The ONNX vocabulary the per-layer lowerings write: {@link dev.nnl.runtime.onnx.OnnxScope} (the
 * graph under construction, with nodes named after the nnl layer and weights as named
 * initializers), {@link dev.nnl.runtime.onnx.OnnxValue} and {@link dev.nnl.runtime.onnx.OnnxLowering}.
 * The protobuf classes it writes are generated into {@code dev.nnl.runtime.onnx.proto} from the
 * vendored runtime/src/main/proto/onnx/onnx.proto.
 */
package dev.nnl.runtime.onnx;
