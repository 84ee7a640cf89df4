package dev.nnl.runtime.tensor;

/**
 * Heap copies of float32 tensors for elementwise passes. HotSpot compiles a plain loop over
 * float[] to vector instructions but not a loop over a direct buffer, and a bulk copy in or out
 * is a memcpy: for the activation, bias and dropout passes this was 3–10× faster than element
 * access through {@link Tensor#get}/{@link Tensor#set} (docs/performance.md).
 *
 * <p>The scratch arrays belong to the calling thread and are reused from call to call, so a
 * pass must be done with slot k's array before it reads into slot k again. Large tensors go
 * through in blocks of {@link #BLOCK} elements (or {@link #samplesPerChunk} samples), so the
 * scratch stays small (a whole-tensor copy of the CNN's im2col matrix would be 18 MB per slot and
 * thread) and each block is still in cache when it is written back.
 */
public final class Floats {
    private static final int SLOTS = 4;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<int[][]> BITS = ThreadLocal.withInitial(() -> new int[SLOTS][0]);

    /** Elements per block of an elementwise pass: 256 KB of floats. */
    public static final int BLOCK = 1 << 16;

    private Floats() {
    }

    /** How many blocks {@code n} elements make (the last may be partial): the parts a pass splits over threads. */
    public static int blocks(int n) {
        return (n + BLOCK - 1) / BLOCK;
    }

    /** How many samples of {@code perSample} elements make a chunk of about four blocks. */
    public static int samplesPerChunk(long perSample) {
        return (int) Math.max(1, 4L * BLOCK / Math.max(1, perSample));
    }

    /** This thread's scratch array {@code slot}, at least {@code n} long (contents undefined). */
    public static float[] scratch(int slot, int n) {
        float[][] s = SCRATCH.get();
        if (s[slot].length < n) {
            s[slot] = new float[Math.max(n, s[slot].length * 3 / 2)];
        }
        return s[slot];
    }

    /** This thread's integer scratch array {@code slot} (separate from the float ones). */
    public static int[] bitsScratch(int slot, int n) {
        int[][] s = BITS.get();
        if (s[slot].length < n) {
            s[slot] = new int[Math.max(n, s[slot].length * 3 / 2)];
        }
        return s[slot];
    }

    /**
     * All ones when the float with these bits is greater than zero (not for -0.0 or NaN), else 0.
     * Selections such as ReLU's gradient are then masks ({@code and}, shifts) over {@link Tensor#bits},
     * which HotSpot vectorizes; a float {@code x > 0 ? a : b} compiles to a branch that mispredicts
     * on real activations.
     */
    public static int positiveMask(int bits) {
        return (-bits & ~bits) >> 31;
    }

    /** Copies a tensor into scratch array {@code slot}. */
    public static float[] read(Tensor t, int slot) {
        float[] a = scratch(slot, t.size);
        get(t, a);
        return a;
    }

    /** Copies a tensor into {@code dst} (float64 values rounded to float32). */
    public static void get(Tensor t, float[] dst) {
        if (t.isFloat()) {
            t.floats().get(0, dst, 0, t.size);
            return;
        }
        for (int i = 0; i < t.size; i++) {
            dst[i] = (float) t.get(i);
        }
    }

    /** Copies the first {@code t.size} values of {@code a} into the tensor {@code t}. */
    public static void write(float[] a, Tensor t) {
        if (t.isFloat()) {
            t.floats().put(0, a, 0, t.size);
            return;
        }
        for (int i = 0; i < t.size; i++) {
            t.set(i, a[i]);
        }
    }

    /** True when every tensor is float32, so the heap passes apply. */
    public static boolean all(Tensor... ts) {
        for (Tensor t : ts) {
            if (!t.isFloat()) {
                return false;
            }
        }
        return true;
    }
}
