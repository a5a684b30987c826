package org.mnn.solver.cuda;

/**
 * The kernels of {@code neurlp_blocks.cu}, with their parameter types, so that a launch with
 * arguments of the wrong kind fails in Java with a message instead of corrupting memory.
 * Signature letters: {@code J} long long, {@code I} int, {@code D} double, {@code P} a
 * {@link DevicePointer}.
 */
enum Kernel {
    /** mnn_factor(nb, K, m, mb, tol, L, E, F, Z, G, info). */
    FACTOR("mnn_factor", "JIIIDPPPPPP"),
    /** mnn_solve(nb, K, m, mb, L, E, F, Z, G, X, Y). */
    SOLVE("mnn_solve", "JIIIPPPPPPP");

    final String symbol;
    final String signature;

    Kernel(String symbol, String signature) {
        this.symbol = symbol;
        this.signature = signature;
    }

    /** Throws unless {@code args} match the signature in number and kind. */
    void check(Object... args) {
        if (args.length != signature.length()) {
            throw new IllegalArgumentException(symbol + ": expected " + signature.length() + " arguments, got " + args.length);
        }
        for (int i = 0; i < args.length; i++) {
            Class<?> want = switch (signature.charAt(i)) {
                case 'J' -> Long.class;
                case 'I' -> Integer.class;
                case 'D' -> Double.class;
                default -> DevicePointer.class;
            };
            if (!want.isInstance(args[i])) {
                throw new IllegalArgumentException(symbol + ": argument " + i + ": expected " + want.getSimpleName()
                        + ", got " + (args[i] == null ? "null" : args[i].getClass().getSimpleName()));
            }
        }
    }
}
