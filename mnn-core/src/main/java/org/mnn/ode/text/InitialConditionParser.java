package org.mnn.ode.text;

import java.util.EnumSet;
import org.mnn.ode.text.Token.Kind;

/** Parses and checks the items of {@link InitialConditions#parse}, one statement per item. */
final class InitialConditionParser {
    private final OdeSystem system;
    private final Constants constants;
    /** Where each u_d^(k) was given, to report duplicates, gaps and time mismatches there. */
    private final Item[][] given;
    private Item first;

    private record Item(Statement statement, Token name, int variable, int derivative, double time, double value) {
        String label() {
            return name.text() + "'".repeat(derivative) + "(" + Printer.number(time) + ")";
        }

        String place() {
            return "line " + statement.line() + ", column " + name.column();
        }
    }

    InitialConditionParser(OdeSystem system) {
        this.system = system;
        this.constants = new Constants(system.parameters());
        this.given = new Item[system.variables().size()][];
        for (int d = 0; d < given.length; d++) {
            given[d] = new Item[system.order(d)];
        }
    }

    InitialConditions parse(String text) {
        for (Statement st : Statement.split(text, EnumSet.of(Kind.COMMA, Kind.SEMI))) {
            add(item(st));
        }
        double[][] values = new double[given.length][];
        for (int d = 0; d < given.length; d++) {
            values[d] = consecutive(d);
        }
        return new InitialConditions(first == null ? 0 : first.time, system.variables(), values);
    }

    private Item item(Statement st) {
        ExpressionParser p = new ExpressionParser(st);
        Token name = p.expect(Kind.IDENT, "a variable name such as x or x'");
        int d = system.variables().indexOf(name.text());
        if (d < 0) {
            throw st.error("unknown variable " + name.text() + "; the variables are "
                    + String.join(", ", system.variables()), name);
        }
        p.expect(Kind.LPAREN, "'(' and a time, as in " + name.text() + "(0),");
        double time = constant(p.expression(), st, "time");
        p.expect(Kind.RPAREN, "')'");
        p.expect(Kind.EQUALS, "'='");
        double value = constant(p.expression(), st, "value");
        if (!p.atEnd()) {
            throw st.error("expected ',' or ';' before the next initial value but found " + p.peek().describe(), p.peek());
        }
        Item item = new Item(st, name, d, name.primes(), time, value);
        int order = system.order(d);
        if (name.primes() >= order) {
            String what = name.primes() == order ? " is the highest derivative of " : " is above the order of ";
            throw st.error(name.text() + "'".repeat(name.primes()) + what + name.text() + " (order " + order
                    + "); only " + range(item, order) + " can be given", name);
        }
        return item;
    }

    private void add(Item item) {
        if (first == null) {
            first = item;
        } else if (item.time != first.time) {
            throw item.statement.error("all initial values must be at the same time: " + item.label()
                    + " but " + first.label() + " at " + first.place(), item.name);
        }
        Item previous = given[item.variable][item.derivative];
        if (previous != null) {
            throw item.statement.error(item.label() + " is given twice (first at " + previous.place() + ")", item.name);
        }
        given[item.variable][item.derivative] = item;
    }

    /** Values 0..K-1 of variable d; a missing one below a given one is a gap. */
    private double[] consecutive(int d) {
        int count = 0;
        while (count < given[d].length && given[d][count] != null) {
            count++;
        }
        for (int k = count + 1; k < given[d].length; k++) {
            Item above = given[d][k];
            if (above != null) {
                String missing = above.name.text() + "'".repeat(count) + "(" + Printer.number(above.time) + ")";
                throw above.statement.error(above.label() + " is given without " + missing
                        + "; give " + range(above, k + 1) + " with no gaps", above.name);
            }
        }
        double[] values = new double[count];
        for (int k = 0; k < count; k++) {
            values[k] = given[d][k].value;
        }
        return values;
    }

    /** "x(0)" or "x(0) .. x'(0)": derivatives 0..count-1 at the item's time. */
    private static String range(Item item, int count) {
        String t = "(" + Printer.number(item.time) + ")";
        String low = item.name.text() + t;
        return count == 1 ? low : low + " .. " + item.name.text() + "'".repeat(count - 1) + t;
    }

    private double constant(Expr e, Statement st, String what) {
        Expr resolved = Trees.resolve(e, n -> constants.resolve(n, system.variables(), st));
        double v = Compiler.constantValue(resolved);
        if (!Double.isFinite(v)) {
            throw st.error("the " + what + " is not a finite number (" + v + ")", st.column());
        }
        return v;
    }
}
