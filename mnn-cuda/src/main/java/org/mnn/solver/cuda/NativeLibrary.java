package org.mnn.solver.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A shared library opened through the JDK's foreign function API (no JNI code, no native
 * dependency at build time), and downcall handles to its C functions.
 */
final class NativeLibrary {
    private final String name;
    private final SymbolLookup symbols;

    private NativeLibrary(String name, SymbolLookup symbols) {
        this.name = name;
        this.symbols = symbols;
    }

    /**
     * The first of {@code candidates} (file names searched by the dynamic loader, or paths) that
     * opens; an {@link IllegalStateException} naming all of them and {@code hint} if none does.
     */
    static NativeLibrary open(String what, List<String> candidates, String hint) {
        List<String> tried = new ArrayList<>();
        for (String c : candidates) {
            try {
                SymbolLookup lookup = c.contains("/") ? SymbolLookup.libraryLookup(Path.of(c), Arena.global())
                        : SymbolLookup.libraryLookup(c, Arena.global());
                return new NativeLibrary(c, lookup);
            } catch (IllegalArgumentException e) {
                tried.add(c);
            }
        }
        throw new IllegalStateException(what + " was not found (tried " + String.join(", ", tried) + "). " + hint);
    }

    String name() {
        return name;
    }

    /** A handle to function {@code symbol} returning {@code result} (null: void). */
    MethodHandle function(String symbol, MemoryLayout result, MemoryLayout... args) {
        return find(symbol).map(s -> Linker.nativeLinker().downcallHandle(s,
                        result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args)))
                .orElseThrow(() -> new IllegalStateException(name + " has no function " + symbol
                        + " (too old a version?)"));
    }

    /**
     * Like {@link #function}, as a critical call that may take heap segments
     * ({@code MemorySegment.ofArray}) for its pointer arguments, so Java arrays are read or written
     * in place instead of through a native copy. Only for calls that do not call back into Java;
     * the GC waits while one runs.
     */
    MethodHandle heapFunction(String symbol, MemoryLayout result, MemoryLayout... args) {
        return find(symbol).map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(result, args),
                        Linker.Option.critical(true)))
                .orElseThrow(() -> new IllegalStateException(name + " has no function " + symbol));
    }

    /** Like {@link #function}, empty if the library lacks the symbol (an optional newer API). */
    Optional<MethodHandle> optionalFunction(String symbol, MemoryLayout result, MemoryLayout... args) {
        return find(symbol).map(s -> Linker.nativeLinker().downcallHandle(s, FunctionDescriptor.of(result, args)));
    }

    private Optional<java.lang.foreign.MemorySegment> find(String symbol) {
        return symbols.find(symbol);
    }
}
