/**
 * The ground of the runtime: {@link dev.nnl.runtime.tensor.Tensor} (an ND4J array with plain-Java
 * element access), {@link dev.nnl.runtime.tensor.Floats} (heap copies for vectorised elementwise
 * passes) and {@link dev.nnl.runtime.tensor.ParamStore} (every parameter and gradient in one flat
 * buffer). It imports no other runtime package; kernels, the plan, training and export build on it.
 */
package dev.nnl.runtime.tensor;
