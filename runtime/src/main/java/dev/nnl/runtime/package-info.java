/**
 * The nnl runtime: lowers a checked {@code dev.nnl.compiler.ir.ModelIR} to an ND4J-backed
 * execution plan and trains it. This module is a skeleton until training lands; it exists now so
 * the dependency direction cli → runtime → compiler → grammar is fixed from the start.
 */
package dev.nnl.runtime;
