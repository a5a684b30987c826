package org.mnn.kernel;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

/**
 * Starts the kernel for a Jupyter frontend: {@code java ... org.mnn.kernel.KernelMain CONNECTION_FILE},
 * as kernel.json's argv says. Returns when the frontend shuts the kernel down.
 */
public final class KernelMain {

    private KernelMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp ... " + KernelMain.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(properties);

        MnnKernel kernel = MnnKernel.create();
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();

        // cells may have started threads (pools, timers) that would keep the JVM alive
        System.exit(0);
    }
}
