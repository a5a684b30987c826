package org.mnn.bench;

import org.mnn.solver.BatchParallel;

public class ParProbe {
    static double sink;
    public static void main(String[] a) {
        int count = Integer.parseInt(a[0]);
        long work = Long.parseLong(a[1]);
        double best = 1e9;
        for (int r = 0; r < 50; r++) {
            long t0 = System.nanoTime();
            double[] acc = new double[count];
            BatchParallel.forEachRange(count, 1_000_000, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double x = 0;
                    for (long k = 0; k < work; k++) x += Math.sqrt(k + i);
                    acc[i] = x;
                }
            });
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
            sink += acc[0];
        }
        System.out.printf("count %d work %d: best %.2f ms%n", count, work, best);
    }
}
