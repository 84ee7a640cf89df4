package dev.nnl.spark;

import dev.nnl.runtime.NnlException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Says at once when a standalone master cannot be reached: Spark itself retries for about a
 * minute and then fails with a message of its own (docs/distributed.md).
 */
final class MasterCheck {
    private static final int TIMEOUT_MILLIS = 5000;

    private MasterCheck() {
    }

    /**
     * For {@code spark://HOST:PORT[,HOST:PORT…]} (standalone, with standby masters), requires one
     * master that accepts a connection; other masters (local, yarn, k8s) are left to Spark.
     */
    static void requireReachable(String master) throws NnlException {
        if (!master.startsWith("spark://")) {
            return;
        }
        List<String> failures = new ArrayList<>();
        for (String hostPort : master.substring("spark://".length()).split(",")) {
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new NnlException("cannot start Spark on " + master + ": `" + hostPort + "` names no port (spark://HOST:PORT)", false);
            }
            String host = hostPort.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new NnlException("cannot start Spark on " + master + ": `" + hostPort.substring(colon + 1) + "` is not a port", false);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
                return;
            } catch (IOException e) {
                failures.add(hostPort + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        throw new NnlException("cannot reach the Spark master at " + String.join(", ", failures)
                + "; is it running, at the address its log names (\"Starting Spark master at spark://…\")?", false);
    }
}
