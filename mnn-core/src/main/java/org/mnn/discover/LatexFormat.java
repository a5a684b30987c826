package org.mnn.discover;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A discovered model as LaTeX: an {@code aligned} system, one row per variable,
 * {@code \dot{x} &= -10.00\,x + 10.00\,y}, with the terms' ODE text rendered in LaTeX
 * ({@code x*z} as {@code x z}, {@code x^2} as {@code x^{2}}, {@code sin(y)} as {@code \sin(y)},
 * {@code a/b} as {@code \frac{a}{b}}, the constant term as the bare coefficient).
 */
public final class LatexFormat {
    private static final Set<String> FUNCTIONS = Set.of("sin", "cos", "tan", "exp", "log", "tanh", "sinh", "cosh");
    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta",
            "theta", "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi",
            "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega");

    private LatexFormat() { }

    /** The whole system, {@code \begin{aligned} ... \end{aligned}}, coefficients with {@code digits} decimals. */
    public static String system(DiscoveredModel model, int digits) {
        requireDigits(digits);
        double[][] xi = model.coefficients();
        List<String> rows = new ArrayList<>();
        for (int d = 0; d < xi.length; d++) {
            rows.add("\\dot{" + name(model.variables().get(d)) + "} &= " + rightHandSide(model.library(), xi[d], digits));
        }
        return "\\begin{aligned}\n" + String.join(" \\\\\n", rows) + "\n\\end{aligned}";
    }

    static void requireDigits(int digits) {
        if (digits < 0 || digits > 17) {
            throw new IllegalArgumentException("digits must be 0 to 17, got " + digits);
        }
    }

    private static String rightHandSide(Library library, double[] xi, int digits) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < xi.length; k++) {
            double c = xi[k];
            if (c == 0) {
                continue;
            }
            String mag = String.format(Locale.ROOT, "%." + digits + "f", Math.abs(c));
            sb.append(sb.length() == 0 ? (c < 0 ? "-" : "") : (c < 0 ? " - " : " + ")).append(mag);
            String name = library.term(k).name();
            if (!name.equals("1")) {
                sb.append("\\,").append(term(name));
            }
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }

    /** One term (or any expression) in the ODE text form as LaTeX, e.g. {@code x^2*sin(2*y)} as {@code x^{2} \sin(2 y)}. */
    public static String term(String text) {
        Parser p = new Parser(text);
        String out = p.sum();
        if (p.pos < text.length()) {
            throw new IllegalArgumentException("cannot render '" + text + "' in LaTeX: unexpected '"
                    + text.charAt(p.pos) + "' at column " + (p.pos + 1));
        }
        return out;
    }

    /** A variable's name: single letters as they are, trailing digits as a subscript, Greek names as
     * symbols, other names upright. */
    static String name(String n) {
        int end = n.length();
        while (end > 0 && Character.isDigit(n.charAt(end - 1))) {
            end--;
        }
        String base = n.substring(0, end);
        String sub = n.substring(end);
        String b;
        if (GREEK.contains(base)) {
            b = "\\" + base;
        } else if (base.length() == 1) {
            b = base;
        } else {
            b = "\\mathrm{" + base.replace("_", "\\_") + "}";
        }
        return sub.isEmpty() || base.isEmpty() ? (base.isEmpty() ? n : b) : b + "_{" + sub + "}";
    }

    /** Recursive descent over the canonical text form: sums, products and quotients, powers, unary
     * minus, calls, names and numbers. Each method returns the LaTeX of what it read. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        String sum() {
            StringBuilder sb = new StringBuilder(product());
            while (true) {
                skipSpaces();
                if (peek('+') || peek('-')) {
                    char op = s.charAt(pos++);
                    sb.append(' ').append(op).append(' ').append(product());
                } else {
                    return sb.toString();
                }
            }
        }

        String product() {
            String left = unary();
            while (true) {
                skipSpaces();
                if (peek('*')) {
                    pos++;
                    left = left + " " + unary();
                } else if (peek('/')) {
                    pos++;
                    left = "\\frac{" + left + "}{" + unary() + "}";
                } else {
                    return left;
                }
            }
        }

        String unary() {
            skipSpaces();
            if (peek('-')) {
                pos++;
                return "-" + unary();
            }
            return power();
        }

        String power() {
            String base = primary();
            skipSpaces();
            if (peek('^')) {
                pos++;
                String exponent = unary();
                return base + "^{" + stripParens(exponent) + "}";
            }
            return base;
        }

        String primary() {
            skipSpaces();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("cannot render '" + s + "' in LaTeX: it ends early");
            }
            char c = s.charAt(pos);
            if (c == '(') {
                pos++;
                String inner = sum();
                expect(')');
                return "\\left(" + inner + "\\right)";
            }
            if (Character.isDigit(c) || c == '.') {
                int start = pos;
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                    pos++;
                }
                String mantissa = s.substring(start, pos);
                if (pos < s.length() && (s.charAt(pos) == 'E' || s.charAt(pos) == 'e')
                        && pos + 1 < s.length() && (Character.isDigit(s.charAt(pos + 1)) || s.charAt(pos + 1) == '-')) {
                    int e = ++pos;
                    if (s.charAt(pos) == '-') {
                        pos++;
                    }
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        pos++;
                    }
                    return mantissa + " \\cdot 10^{" + s.substring(e, pos) + "}";
                }
                return mantissa;
            }
            if (Character.isLetter(c) || c == '_') {
                int start = pos;
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                    pos++;
                }
                String id = s.substring(start, pos);
                skipSpaces();
                if (peek('(')) {
                    pos++;
                    String arg = sum();
                    expect(')');
                    return call(id, arg);
                }
                return name(id);
            }
            throw new IllegalArgumentException("cannot render '" + s + "' in LaTeX: unexpected '" + c + "' at column " + (pos + 1));
        }

        private static String call(String fn, String arg) {
            if (fn.equals("sqrt")) {
                return "\\sqrt{" + arg + "}";
            }
            if (fn.equals("abs")) {
                return "\\left|" + arg + "\\right|";
            }
            if (FUNCTIONS.contains(fn)) {
                return "\\" + fn + "(" + arg + ")";
            }
            if (fn.startsWith("a") && FUNCTIONS.contains(fn.substring(1))) {
                return "\\arc" + fn.substring(1) + "(" + arg + ")";
            }
            return "\\operatorname{" + fn + "}(" + arg + ")";
        }

        private static String stripParens(String latex) {
            if (latex.startsWith("\\left(") && latex.endsWith("\\right)") && latex.indexOf("\\left(", 1) < 0) {
                return latex.substring(6, latex.length() - 7);
            }
            return latex;
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            skipSpaces();
            if (!peek(c)) {
                throw new IllegalArgumentException("cannot render '" + s + "' in LaTeX: expected '" + c + "' at column " + (pos + 1));
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
    }
}
