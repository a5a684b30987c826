package org.mnn.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets inside the kernel's own JVM, each on a fresh worker thread.
 *
 * <p>In-process, because JJava's magics are transpiled into Java calls on the running kernel
 * ({@code BaseKernel.notebookKernel()}), and because the value of an expression is then the real
 * object, which the kernel can render (images, HTML, ...) instead of JShell's string form.
 *
 * <p>On a worker thread, because the thread that asked for the evaluation (the kernel's shell
 * thread) must be able to wait for it while the control thread calls {@link #stop()}: the worker
 * is interrupted, and if it does not finish within {@link #STOP_GRACE_MS} it is stopped with
 * {@code Thread.stop}, which still works on Java 17 and ends even a {@code while (true) {}}.
 * JShell's own {@code LocalExecutionControl} also uses a thread, but it replaces the JVM-wide
 * default uncaught-exception handler on every call; this class leaves global state alone.
 */
final class CellExecutionControl extends DirectExecutionControl {

    /** How long an interrupted snippet may take to finish on its own before it is stopped. */
    static final long STOP_GRACE_MS = 1000;

    private volatile Thread worker;
    private volatile Object lastValue;
    private volatile Throwable lastThrown;

    /** A provider that hands this very instance to JShell, so that the kernel can query it. */
    ExecutionControlProvider provider() {
        CellExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "mnn-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /** The object the last snippet evaluated to (null for statements and declarations without a value). */
    Object lastValue() {
        return lastValue;
    }

    /** The exception the last snippet threw, as the user's own object (JShell only keeps a copy of its stack). */
    Throwable lastThrown() {
        return lastThrown;
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        lastThrown = null;
        FutureTask<Object> task = new FutureTask<>(() -> doitMethod.invoke(null));
        Thread thread = new Thread(task, "mnn-cell");
        // a cell that leaves threads behind must not keep the kernel alive after shutdown
        thread.setDaemon(true);
        worker = thread;
        thread.start();
        try {
            Object value = task.get();
            lastValue = value;
            return valueString(value);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof InvocationTargetException) {
                Throwable userThrown = failure.getCause();
                if (userThrown instanceof ThreadDeath) {
                    // our own Thread.stop: JShell treats StoppedException as "no result"
                    throw new StoppedException();
                }
                lastThrown = userThrown;
                // DirectExecutionControl turns this into a UserException with the user's stack
                throw (InvocationTargetException) failure;
            }
            if (failure instanceof ThreadDeath) {
                throw new StoppedException();
            }
            throw new InternalException("snippet invocation failed: " + failure);
        } finally {
            worker = null;
        }
    }

    /**
     * Called by {@code JShell.stop()} from another thread (the kernel's control thread): interrupts
     * the running snippet and, if it ignores the interrupt, stops its thread.
     */
    @Override
    @SuppressWarnings({"deprecation", "removal"})
    public void stop() {
        Thread thread = worker;
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(STOP_GRACE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            try {
                thread.stop();
            } catch (UnsupportedOperationException e) {
                // Java 20 and later: Thread.stop is gone; only cooperative code can be interrupted
                System.getLogger("mnn-kernel").log(System.Logger.Level.WARNING,
                        "cannot stop the running cell on this Java version: " + e);
            }
        }
    }
}
