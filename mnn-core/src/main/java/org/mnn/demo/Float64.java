package org.mnn.demo;

import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Runs a demo with ND4J's default data types set to DOUBLE (NeuRLP is float64 only), restoring
 * the caller's defaults afterwards. */
final class Float64 {
    private Float64() {
    }

    static <T> T run(Supplier<T> body) {
        DataType savedDefault = Nd4j.dataType();
        DataType savedFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return body.get();
        } finally {
            Nd4j.setDefaultDataTypes(savedDefault, savedFloat);
        }
    }
}
