package dev.nnl.runtime;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.memory.Deallocatable;
import org.nd4j.linalg.api.memory.deallocation.DeallocatableReference;
import org.nd4j.linalg.api.memory.deallocation.DeallocatorService;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What ND4J holds in native memory, counted from its own books rather than from resident memory
 * (which moves with malloc arenas, the JIT and thread stacks): every native buffer ND4J allocates
 * on the CPU registers with {@link DeallocatorService#pickObject} (nd4j-native 1.0.0-M2.1:
 * {@code BaseCpuDataBuffer}, op contexts), which keeps a weak reference to it in a private map
 * until its deallocator thread has freed it. After a full collection, a buffer whose reference
 * still resolves is one something still holds; its size is its length times its element size.
 * {@code Pointer.totalBytes()} does not see these buffers (libnd4j allocates them, not JavaCPP),
 * and on the CPU backend ND4J's {@code AllocationsTracker} counts only what goes through
 * {@code CpuMemoryManager} (workspaces), constant buffers and shape information.
 */
final class NativeBuffers {
    /**
     * What is live: data buffers with their bytes (a view counts its own length, as ND4J sizes
     * it), and other native objects ND4J frees the same way (op contexts).
     */
    record Live(int buffers, long bytes, int other) {
        int count() {
            return buffers + other;
        }
    }

    private static final Field REFERENCES;

    static {
        try {
            REFERENCES = DeallocatorService.class.getDeclaredField("referenceMap");
            REFERENCES.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private NativeBuffers() {
    }

    /** What is live now; after {@link #collect}, only what a full collection could not free. */
    static Live live() {
        Map<?, ?> map = references();
        int buffers = 0;
        int other = 0;
        long bytes = 0;
        for (Object o : new ArrayList<>(map.values())) {
            Deallocatable d = ((DeallocatableReference) o).get();
            if (d instanceof DataBuffer b) {
                buffers++;
                bytes += b.length() * b.getElementSize();
            } else if (d != null) {
                other++;
            }
        }
        return new Live(buffers, bytes, other);
    }

    /**
     * A full collection, then one more once ND4J's deallocator threads have freed every buffer
     * the first made unreachable: until then their references, deallocators and handles are
     * still on the heap (tens of kilobytes after a step's temporary views), which made the heap
     * in use move by 30-90 KB from one sample to the next.
     *
     * @return the heap in use after it, in bytes
     */
    static long collect() {
        System.gc();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (pending() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Buffers collected but not yet freed: their references are cleared, and still in the map. */
    private static int pending() {
        int n = 0;
        for (Object o : references().values()) {
            if (((DeallocatableReference) o).get() == null) {
                n++;
            }
        }
        return n;
    }

    private static Map<?, ?> references() {
        try {
            return (Map<?, ?>) REFERENCES.get(Nd4j.getDeallocatorService());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
