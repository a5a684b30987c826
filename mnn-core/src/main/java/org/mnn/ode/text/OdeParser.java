package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mnn.ode.text.Expr.Name;

/**
 * Parses the ODE text form into an {@link OdeSystem}. See the package documentation for the
 * grammar; in short: one equation per line or per {@code ;}, {@code #} starts a comment,
 * derivatives are primes ({@code x''}), t is the independent variable.
 *
 * <p><b>Constants.</b> A statement {@code name = expr} is a constant definition, not an
 * equation, when {@code name} is a bare identifier that never carries a prime anywhere in the
 * text and {@code expr} mentions neither t nor any primed-somewhere name. Definitions may use
 * numbers, pi, e, parameters and earlier definitions. Parameters passed to
 * {@link #parse(String, Map)} override inline definitions of the same name.
 *
 * <p><b>State variables</b> are all other identifiers; each must appear with a prime somewhere
 * and the number of equations must equal the number of variables. Their order is described in
 * {@link OdeSystem#variables()}.
 */
public final class OdeParser {
    private OdeParser() { }

    public static OdeSystem parse(String text) {
        return parse(text, Map.of());
    }

    /**
     * @param params values of named constants used in the text (may include unused names)
     * @throws OdeSyntaxException with line and column for any invalid input
     */
    public static OdeSystem parse(String text, Map<String, Double> params) {
        List<RawEquation> statements = new ArrayList<>();
        for (Statement st : Statement.split(text, Token.Kind.SEMI)) {
            statements.add(RawEquation.parse(st));
        }
        if (statements.isEmpty()) {
            throw new OdeSyntaxException("empty input: no equations (only blank lines or comments)");
        }
        Set<String> primed = primedNames(statements);
        Constants constants = new Constants(params);
        List<RawEquation> equations = new ArrayList<>();
        for (RawEquation eq : statements) {
            if (isDefinition(eq, primed)) {
                constants.define((Name) eq.lhs(), eq.rhs(), eq.statement());
            } else {
                equations.add(eq);
            }
        }
        if (equations.isEmpty()) {
            throw new OdeSyntaxException("no equations: every line defines a constant");
        }
        Variables vars = Variables.collect(equations, constants);
        // checked before the count, whose message would hide the real mistake
        equations.forEach(eq -> requireState(eq, vars));
        if (equations.size() != vars.names.size()) {
            throw new OdeSyntaxException(count(equations.size(), "equation") + " for "
                    + count(vars.names.size(), "variable") + " (" + String.join(", ", vars.names)
                    + "): each variable needs exactly one equation");
        }
        List<Expr> lhs = new ArrayList<>();
        List<Expr> rhs = new ArrayList<>();
        for (RawEquation eq : equations) {
            lhs.add(Trees.resolve(eq.lhs(), n -> resolve(n, vars, constants)));
            rhs.add(Trees.resolve(eq.rhs(), n -> resolve(n, vars, constants)));
        }
        return new OdeSystem(vars.names, vars.orders, lhs, rhs, constants.definitions(), constants.values());
    }

    /** The rule in the class comment: bare never-primed name on the left, nothing variable on the right. */
    private static boolean isDefinition(RawEquation eq, Set<String> primed) {
        if (!(eq.lhs() instanceof Name n) || n.primes() > 0 || primed.contains(n.name())) {
            return false;
        }
        return Trees.names(eq.rhs()).stream()
                .noneMatch(r -> primed.contains(r.name()) || Names.TIME.equals(r.name()));
    }

    private static void requireState(RawEquation eq, Variables vars) {
        List<Name> names = Trees.names(eq.lhs());
        names.addAll(Trees.names(eq.rhs()));
        if (names.stream().noneMatch(n -> vars.names.contains(n.name()))) {
            throw eq.statement().error("this equation contains no state variable", eq.statement().column());
        }
    }

    private static Set<String> primedNames(List<RawEquation> statements) {
        Set<String> primed = new HashSet<>();
        for (RawEquation eq : statements) {
            for (Expr side : List.of(eq.lhs(), eq.rhs())) {
                for (Name n : Trees.names(side)) {
                    if (n.primes() > 0) {
                        primed.add(n.name());
                    }
                }
            }
        }
        return primed;
    }

    private static Expr resolve(Name n, Variables vars, Constants constants) {
        if (Names.TIME.equals(n.name())) {
            return Expr.Time.INSTANCE;
        }
        Expr.Constant c = constants.lookup(n.name());
        return c != null ? c : new Expr.State(vars.names.indexOf(n.name()), n.primes());
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
