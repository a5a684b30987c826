package org.mnn.ode.text;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.mnn.ode.text.Expr.Binary;
import org.mnn.ode.text.Expr.Call;
import org.mnn.ode.text.Expr.Name;
import org.mnn.ode.text.Expr.Neg;

/** Generic walks over {@link Expr} trees, shared by parsing, resolution and checks. */
final class Trees {
    private Trees() { }

    /** The Name leaves in source order (left operand before right), which is the order the
     * variable-ordering rule relies on. */
    static List<Name> names(Expr e) {
        List<Name> out = new ArrayList<>();
        collect(e, out);
        return out;
    }

    private static void collect(Expr e, List<Name> out) {
        if (e instanceof Name n) {
            out.add(n);
        } else if (e instanceof Neg n) {
            collect(n.operand(), out);
        } else if (e instanceof Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Call c) {
            collect(c.argument(), out);
        }
    }

    /** A copy of the tree with every Name replaced by {@code lookup(name)}. */
    static Expr resolve(Expr e, Function<Name, Expr> lookup) {
        if (e instanceof Name n) {
            return lookup.apply(n);
        } else if (e instanceof Neg n) {
            return new Neg(resolve(n.operand(), lookup));
        } else if (e instanceof Binary b) {
            return new Binary(b.op(), resolve(b.left(), lookup), resolve(b.right(), lookup));
        } else if (e instanceof Call c) {
            return new Call(c.fn(), resolve(c.argument(), lookup));
        }
        return e;
    }

    /** Whether any node of the tree satisfies the test. */
    static boolean any(Expr e, Predicate<Expr> test) {
        if (test.test(e)) {
            return true;
        } else if (e instanceof Neg n) {
            return any(n.operand(), test);
        } else if (e instanceof Binary b) {
            return any(b.left(), test) || any(b.right(), test);
        } else if (e instanceof Call c) {
            return any(c.argument(), test);
        }
        return false;
    }

    static boolean hasState(Expr e) {
        return any(e, x -> x instanceof Expr.State);
    }
}
