package org.mnn.bench;

public class BenchProbe {
    public static void main(String[] a) {
        SolverBenchmark b = new SolverBenchmark(System.out, 60);
        b.targets();
    }
}
