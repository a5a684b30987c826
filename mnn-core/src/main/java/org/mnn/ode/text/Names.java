package org.mnn.ode.text;

import org.mnn.ode.text.Expr.Constant;

/** The reserved names of the grammar: the independent variable t, pi, e and the functions. */
final class Names {
    static final String TIME = "t";

    private Names() { }

    static boolean isReserved(String name) {
        return TIME.equals(name) || builtin(name) != null || Fn.byName(name) != null;
    }

    /** pi or e as a named constant, else null. */
    static Constant builtin(String name) {
        if ("pi".equals(name)) {
            return new Constant("pi", Math.PI);
        }
        if ("e".equals(name)) {
            return new Constant("e", Math.E);
        }
        return null;
    }

    /** "is the independent variable", "is a built-in constant", "is a function". */
    static String describeReserved(String name) {
        if (TIME.equals(name)) {
            return "is the independent variable";
        }
        return builtin(name) != null ? "is a built-in constant" : "is a function";
    }

    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        return s.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }
}
