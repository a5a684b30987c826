package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.mnn.ode.text.Expr.Name;

/**
 * The named constants of a system: the caller's parameters plus inline {@code name = expr}
 * definitions. A parameter overrides an inline definition of the same name, so that a value
 * given on the command line or in a notebook wins over the default written in the file.
 * Definitions may only use constants defined before them (no forward references, no cycles).
 */
final class Constants {
    private final Map<String, Double> given;
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, Integer> definedOnLine = new HashMap<>();
    private final List<Definition> definitions = new ArrayList<>();

    /** Parameters in name order, so that printing does not depend on the caller's map type. */
    Constants(Map<String, Double> parameters) {
        this.given = new TreeMap<>(parameters);
        for (Map.Entry<String, Double> p : given.entrySet()) {
            String name = p.getKey();
            if (!Names.isIdentifier(name)) {
                throw new OdeSyntaxException("parameter '" + name + "' is not a valid name");
            }
            if (Names.isReserved(name)) {
                throw new OdeSyntaxException("parameter " + name + " " + Names.describeReserved(name)
                        + " and cannot be given a value");
            }
            if (p.getValue() == null || !Double.isFinite(p.getValue())) {
                throw new OdeSyntaxException("parameter " + name + ": expected a finite number, got " + p.getValue());
            }
            values.put(name, p.getValue());
            definitions.add(new Definition(name, new Expr.Num(p.getValue())));
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The constant for a name (parameter, definition, pi or e), or null. */
    Expr.Constant lookup(String name) {
        Expr.Constant builtin = Names.builtin(name);
        if (builtin != null) {
            return builtin;
        }
        Double v = values.get(name);
        return v == null ? null : new Expr.Constant(name, v);
    }

    /** Records the inline definition {@code lhs = rhs} of statement st. */
    void define(Name lhs, Expr rhs, Statement st) {
        String name = lhs.name();
        if (Names.isReserved(name)) {
            throw st.error(name + " " + Names.describeReserved(name) + " and cannot be given a value", lhs.column());
        }
        Integer first = definedOnLine.putIfAbsent(name, st.line());
        if (first != null) {
            throw st.error(name + " is defined twice (first on line " + first + ")", lhs.column());
        }
        if (given.containsKey(name)) {
            return;
        }
        Expr value = Trees.resolve(rhs, n -> resolve(n, List.of(), st));
        double v = Compiler.constantValue(value);
        if (!Double.isFinite(v)) {
            throw st.error("the value of " + name + " is not a finite number (" + v + ")", lhs.column());
        }
        values.put(name, v);
        definitions.add(new Definition(name, value));
    }

    /** Resolves a name inside a constant expression (a definition or an initial value). */
    Expr resolve(Name n, List<String> variables, Statement st) {
        String shown = n.name() + "'".repeat(n.primes());
        if (Names.TIME.equals(n.name())) {
            throw st.error("t cannot be used in a constant value", n.column());
        }
        if (variables.contains(n.name())) {
            throw st.error(shown + " is a state variable and cannot be used in a constant value", n.column());
        }
        Expr.Constant c = lookup(n.name());
        if (c == null || n.primes() > 0) {
            throw st.error(shown + " is not defined (a constant must be defined before it is used)", n.column());
        }
        return c;
    }

    /** Parameters in name order, then inline definitions in text order. */
    List<Definition> definitions() {
        return List.copyOf(definitions);
    }

    Map<String, Double> values() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
