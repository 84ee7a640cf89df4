/**
 * nnl's Java API and runtime. Applications start at {@link dev.nnl.runtime.Nnl}: compile a
 * {@code .nnl} file to a {@link dev.nnl.runtime.CompiledModel}, train it
 * ({@link dev.nnl.runtime.CompiledModel#fit}) or load an {@code .nnlz} to a
 * {@link dev.nnl.runtime.TrainedModel}, and predict (thread-safe), evaluate, save, or export a
 * SameDiff graph. Errors are {@link dev.nnl.runtime.NnlException}s carrying what the CLI prints.
 *
 * <p>Underneath, a checked {@code dev.nnl.compiler.ir.ModelIR} is lowered to a plan ({@code plan})
 * of kernels ({@code kernels}) over one flat parameter buffer ({@code tensor}), trained
 * ({@code train}) on data ({@code data}), saved as {@code .nnlz} ({@code artifact}) and exported
 * to SameDiff ({@code export}). Each layer class's kernel and lowering are paired in
 * {@code layers}. Imports point one way, from the API in this package down to {@code tensor} and
 * {@code threads}, which import no other runtime package.
 */
package dev.nnl.runtime;
