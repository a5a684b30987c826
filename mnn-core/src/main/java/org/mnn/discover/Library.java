package org.mnn.discover;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mnn.ode.text.Expression;
import org.mnn.ode.text.OdeSyntaxException;

/**
 * The candidate terms Theta of a discovery, over named signals (state variables, then measured
 * inputs). Built from polynomials, Fourier terms and user terms in the ODE text form, combined
 * with {@link #plus}; a term that appears twice (by name) is kept once.
 *
 * <p>The text specification accepted by {@link #parse} (command line, magics) is a comma-separated
 * list of parts: {@code poly:D} (all monomials of degree 0..D with cross terms),
 * {@code poly:D:noconst} (without the constant), {@code fourier:K} (sin(k*v), cos(k*v) for
 * k = 1..K and every signal v), or any expression in the ODE text form ({@code x*sin(y)}).
 */
public final class Library {
    private final List<String> signals;
    private final List<Term> terms;

    private Library(List<String> signals, List<Term> terms) {
        this.signals = List.copyOf(signals);
        Map<String, Term> unique = new LinkedHashMap<>();
        for (Term t : terms) {
            unique.putIfAbsent(t.name(), t);
        }
        this.terms = List.copyOf(unique.values());
    }

    /** All monomials of degree 0 (if {@code constant}) to {@code degree}, ordered by degree, then by
     * the signals' order: 1, x, y, x^2, x*y, y^2, ... */
    public static Library polynomial(List<String> signals, int degree, boolean constant) {
        if (degree < 1) {
            throw new IllegalArgumentException("polynomial degree must be at least 1, got " + degree);
        }
        List<Term> terms = new ArrayList<>();
        if (constant) {
            terms.add(term("1", signals));
        }
        for (int deg = 1; deg <= degree; deg++) {
            monomials(signals, deg, 0, new int[signals.size()], terms);
        }
        return new Library(signals, terms);
    }

    private static void monomials(List<String> signals, int left, int from, int[] powers, List<Term> out) {
        if (left == 0) {
            out.add(term(monomialName(signals, powers), signals));
            return;
        }
        for (int v = from; v < signals.size(); v++) {
            powers[v]++;
            monomials(signals, left - 1, v, powers, out);
            powers[v]--;
        }
    }

    private static String monomialName(List<String> signals, int[] powers) {
        List<String> factors = new ArrayList<>();
        for (int v = 0; v < powers.length; v++) {
            if (powers[v] == 1) {
                factors.add(signals.get(v));
            } else if (powers[v] > 1) {
                factors.add(signals.get(v) + "^" + powers[v]);
            }
        }
        return String.join("*", factors);
    }

    /** sin(k*v) and cos(k*v) for k = 1..harmonics and every signal v. */
    public static Library fourier(List<String> signals, int harmonics) {
        if (harmonics < 1) {
            throw new IllegalArgumentException("Fourier harmonics must be at least 1, got " + harmonics);
        }
        List<Term> terms = new ArrayList<>();
        for (int k = 1; k <= harmonics; k++) {
            for (String v : signals) {
                String arg = k == 1 ? v : k + "*" + v;
                terms.add(term("sin(" + arg + ")", signals));
                terms.add(term("cos(" + arg + ")", signals));
            }
        }
        return new Library(signals, terms);
    }

    /** User terms in the ODE text form, e.g. {@code x*sin(y)}; named by their canonical text. */
    public static Library of(List<String> signals, String... expressions) {
        List<Term> terms = new ArrayList<>();
        for (String e : expressions) {
            terms.add(term(e, signals));
        }
        return new Library(signals, terms);
    }

    private static Term term(String text, List<String> signals) {
        Expression e = Expression.parse(text, signals);
        return new Term(e.text(), e);
    }

    /** Parses a specification such as {@code poly:2}, {@code poly:3:noconst,fourier:1} or
     * {@code poly:1,x*sin(y)} (see the class comment). */
    public static Library parse(String spec, List<String> signals) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty library specification; try poly:2");
        }
        Library lib = new Library(signals, List.of());
        for (String raw : spec.split(",")) {
            String part = raw.strip();
            lib = lib.plus(parsePart(part, signals));
        }
        return lib;
    }

    private static Library parsePart(String part, List<String> signals) {
        String[] f = part.split(":");
        try {
            if (f[0].equals("poly")) {
                if (f.length == 2 || (f.length == 3 && f[2].equals("noconst"))) {
                    return polynomial(signals, Integer.parseInt(f[1]), f.length == 2);
                }
                throw new IllegalArgumentException("library part '" + part + "': expected poly:DEGREE or poly:DEGREE:noconst");
            }
            if (f[0].equals("fourier")) {
                if (f.length != 2) {
                    throw new IllegalArgumentException("library part '" + part + "': expected fourier:HARMONICS");
                }
                return fourier(signals, Integer.parseInt(f[1]));
            }
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("library part '" + part + "': '" + f[1] + "' is not a whole number");
        }
        if (part.isEmpty()) {
            throw new IllegalArgumentException("empty part in the library specification (two commas in a row?)");
        }
        try {
            return of(signals, part);
        } catch (OdeSyntaxException ex) {
            throw new IllegalArgumentException("library term '" + part + "': " + ex.getMessage(), ex);
        }
    }

    /** This library's terms followed by the other's new ones. */
    public Library plus(Library other) {
        if (!other.signals.equals(signals)) {
            throw new IllegalArgumentException("libraries over different signals: " + signals + " and " + other.signals);
        }
        List<Term> all = new ArrayList<>(terms);
        all.addAll(other.terms);
        return new Library(signals, all);
    }

    /** A library of the given terms only (positions into this one). */
    public Library select(int[] positions) {
        List<Term> chosen = new ArrayList<>();
        for (int p : positions) {
            chosen.add(terms.get(p));
        }
        return new Library(signals, chosen);
    }

    public List<String> signals() { return signals; }
    public List<Term> terms() { return terms; }
    public int size() { return terms.size(); }
    public Term term(int k) { return terms.get(k); }

    public List<String> names() {
        return terms.stream().map(Term::name).toList();
    }

    /** Theta: {@code [N][K]} values of every term at every sample ({@code signals[i]} are the
     * signals' values at {@code times[i]}). */
    public double[][] evaluate(double[] times, double[][] signals) {
        double[][] theta = new double[times.length][terms.size()];
        for (int i = 0; i < times.length; i++) {
            for (int k = 0; k < terms.size(); k++) {
                theta[i][k] = terms.get(k).value(times[i], signals[i]);
            }
        }
        return theta;
    }

    @Override
    public String toString() {
        return String.join(", ", names());
    }
}
