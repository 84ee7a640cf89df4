/**
 * The nnl runtime: lowers a checked {@code dev.nnl.compiler.ir.ModelIR} to a plan of kernels
 * over one flat parameter buffer ({@code plan}), trains it ({@code train}), reads data
 * ({@code data}) and saves and loads {@code .nnlz} artifacts ({@code artifact}).
 * {@link dev.nnl.runtime.TrainJob} and {@link dev.nnl.runtime.TrainedModel} are the entry points.
 */
package dev.nnl.runtime;
