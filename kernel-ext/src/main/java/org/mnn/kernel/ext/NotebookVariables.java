package org.mnn.kernel.ext;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Defines a variable in the notebook's JShell from inside a magic: the value is parked here under
 * a fresh key and the kernel evaluates {@code Type name = NotebookVariables.take(key);}.
 */
public final class NotebookVariables {
    private static final Map<String, Object> PARKED = new ConcurrentHashMap<>();

    private NotebookVariables() {
    }

    public static <T> void define(BaseKernel kernel, String name, Class<T> type, T value) {
        String key = UUID.randomUUID().toString();
        PARKED.put(key, value);
        try {
            kernel.evalRaw(type.getCanonicalName() + " " + name + " = (" + type.getCanonicalName() + ") "
                    + NotebookVariables.class.getCanonicalName() + ".take(\"" + key + "\");");
        } finally {
            PARKED.remove(key);
        }
    }

    /** Called by the generated declaration. */
    public static Object take(String key) {
        Object value = PARKED.remove(key);
        if (value == null) {
            throw new IllegalStateException("no value parked under " + key);
        }
        return value;
    }
}
