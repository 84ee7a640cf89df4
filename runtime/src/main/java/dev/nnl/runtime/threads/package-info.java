/**
 * The process-wide worker pool that splits the kernels' loops
 * ({@link dev.nnl.runtime.threads.Parallel}). It imports no other runtime package;
 * {@link dev.nnl.runtime.Threads} sets its size together with ND4J's.
 */
package dev.nnl.runtime.threads;
