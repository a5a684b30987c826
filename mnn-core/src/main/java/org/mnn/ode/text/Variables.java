package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.ode.text.Expr.Name;

/**
 * Finds the state variables of a system and their orders.
 *
 * <p>Order of variables: first every variable that appears with a prime on a left-hand side,
 * in order of appearance (equations top to bottom, each left to right); then the remaining
 * ones in order of first appearance anywhere (each equation's left side, then its right side).
 * So {@code x' = 10*(y - x); y' = ...} gives x, y, and {@code y' = x; x' = -y} gives y, x.
 *
 * <p>The order of a variable is the largest number of primes it carries anywhere.
 */
final class Variables {
    final List<String> names;
    final int[] orders;

    private Variables(List<String> names, int[] orders) {
        this.names = names;
        this.orders = orders;
    }

    static Variables collect(List<RawEquation> equations, Constants constants) {
        Map<String, Integer> order = new LinkedHashMap<>();
        Map<String, Name> firstSeen = new LinkedHashMap<>();
        Map<String, Statement> seenIn = new LinkedHashMap<>();
        for (RawEquation eq : equations) {
            for (Name n : Trees.names(eq.lhs())) {
                if (n.primes() > 0 && !constants.has(n.name())) {
                    order.putIfAbsent(n.name(), 0);
                }
            }
        }
        for (RawEquation eq : equations) {
            List<Name> names = Trees.names(eq.lhs());
            names.addAll(Trees.names(eq.rhs()));
            for (Name n : names) {
                if (Names.isReserved(n.name())) {
                    continue;
                }
                if (constants.has(n.name())) {
                    if (n.primes() > 0) {
                        throw eq.statement().error(n.name() + " is a parameter (it has a value) but appears differentiated as "
                                + n.name() + "'".repeat(n.primes()), n.column());
                    }
                    continue;
                }
                order.merge(n.name(), n.primes(), Math::max);
                firstSeen.putIfAbsent(n.name(), n);
                seenIn.putIfAbsent(n.name(), eq.statement());
            }
        }
        List<String> names = new ArrayList<>(order.keySet());
        int[] orders = new int[names.size()];
        for (int d = 0; d < orders.length; d++) {
            String v = names.get(d);
            orders[d] = order.get(v);
            if (orders[d] == 0) {
                throw seenIn.get(v).error("variable " + v + " has no derivative in any equation; is it a parameter? give its value",
                        firstSeen.get(v).column());
            }
        }
        return new Variables(List.copyOf(names), orders);
    }
}
