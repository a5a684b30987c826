package org.mnn.solver.cuda;

/**
 * The kernels of {@code neurlp_blocks.cu}, with their parameter types, so that a launch with
 * arguments of the wrong kind fails in Java with a message instead of corrupting memory.
 * Signature letters: {@code J} long long, {@code I} int, {@code D} double, {@code P} a
 * {@link DevicePointer}. The first argument is always nb, the batch size.
 */
enum Kernel {
    /** mnn_factor(nb, K, m, tol, L, E, info): the sequential band factorisation. */
    FACTOR("mnn_factor", "JIIDPPP", false),
    /** mnn_solve(nb, K, m, c, L, E, X). */
    SOLVE("mnn_solve", "JIIIPPP", false),
    /** mnn_border_factor(nb, K, m, mb, tol, F, Z, G, info). */
    BORDER_FACTOR("mnn_border_factor", "JIIIDPPPP", false),
    /** mnn_border_solve(nb, K, m, mb, F, Z, G, X, Y). */
    BORDER_SOLVE("mnn_border_solve", "JIIIPPPPP", false),
    /** mnn_cr_eliminate(nb, count, K, m, first, stride, s, tol, D, U, GL, GR, DG, PINFO). */
    CR_ELIMINATE("mnn_cr_eliminate", "JIIIIIIDPPPPPP", true),
    /** mnn_cr_update(nb, count, K, m, s, D, U, GL, GR). */
    CR_UPDATE("mnn_cr_update", "JIIIIPPPP", true),
    /** mnn_cr_info(nb, K, m, PINFO, info). */
    CR_INFO("mnn_cr_info", "JIIPP", false),
    /** mnn_cr_forward(nb, count, m, c, first, stride, D, X). */
    CR_FORWARD("mnn_cr_forward", "JIIIIIPP", true),
    /** mnn_cr_forward_update(nb, count, K, m, c, s, GL, GR, X). */
    CR_FORWARD_UPDATE("mnn_cr_forward_update", "JIIIIIPPP", true),
    /** mnn_cr_back(nb, count, K, m, c, first, stride, s, D, GL, GR, X). */
    CR_BACK("mnn_cr_back", "JIIIIIIIPPPP", true);

    final String symbol;
    final String signature;
    /** Whether the second argument is a count of blocks, one thread per block and item. */
    private final boolean perBlock;

    Kernel(String symbol, String signature, boolean perBlock) {
        this.symbol = symbol;
        this.signature = signature;
        this.perBlock = perBlock;
    }

    /** Threads of a launch: nb, or nb * count for the kernels with one thread per block and item. */
    long threads(Object... args) {
        long nb = (Long) args[0];
        return perBlock ? nb * (Integer) args[1] : nb;
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
