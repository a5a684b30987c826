package org.mnn.kernel.ext;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.SourceVersion;

/**
 * The options of {@code %%ode}: {@code --init TEXT --t START:STOP:STEP [--param k=v]... [--name VAR]
 * [--tol TOL] [--max-iter N] [--no-png]}; {@code --opt=value} works too. {@link #parse} rejects what
 * it cannot use with a {@link MagicUsageException} that names the option and what it expects.
 */
public record OdeArgs(String init, String grid, Map<String, Double> params, String name,
                      double tolerance, int maxIterations, boolean png) {

    public static final String DEFAULT_NAME = "ode";
    public static final String USAGE = "%%ode --init \"x(0) = 1, x'(0) = 0\" --t START:STOP:STEP "
            + "[--param NAME=VALUE]... [--name VAR] [--tol TOL] [--max-iter N] [--no-png]\n"
            + "followed by the equations in the cell body, one per line or separated by ';'";

    public OdeArgs {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static OdeArgs parse(List<String> args) {
        String init = null;
        String grid = null;
        Map<String, Double> params = new LinkedHashMap<>();
        String name = DEFAULT_NAME;
        double tolerance = 1e-10;
        int maxIterations = 50;
        boolean png = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new MagicUsageException("%%ode: unexpected argument '" + arg
                        + "': expected an option (--init, --t, --param, --name, --tol, --max-iter, --no-png)");
            }
            String option = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (option.equals("--no-png")) {
                if (value != null) {
                    throw new MagicUsageException("%%ode: --no-png takes no value");
                }
                png = false;
                continue;
            }
            if (!List.of("--init", "--t", "--param", "-p", "--name", "--tol", "--max-iter").contains(option)) {
                throw new MagicUsageException("%%ode: unknown option " + option
                        + ": expected --init, --t, --param, --name, --tol, --max-iter or --no-png");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new MagicUsageException("%%ode: option " + option + " needs a value: " + expected(option));
                }
                value = args.get(++i);
            }
            switch (option) {
                case "--init" -> init = value;
                case "--t" -> grid = value;
                case "--param", "-p" -> parseParams(value, params);
                case "--name" -> {
                    if (!SourceVersion.isIdentifier(value) || SourceVersion.isKeyword(value)) {
                        throw new MagicUsageException("%%ode: invalid --name '" + value + "': " + expected(option));
                    }
                    name = value;
                }
                case "--tol" -> tolerance = number(option, value);
                case "--max-iter" -> {
                    try {
                        maxIterations = Integer.parseInt(value.trim());
                    } catch (NumberFormatException e) {
                        throw new MagicUsageException("%%ode: invalid --max-iter '" + value + "': " + expected(option));
                    }
                }
                default -> throw new IllegalStateException(option);
            }
        }
        if (init == null) {
            throw new MagicUsageException("%%ode: missing option --init: " + expected("--init") + "\nusage: " + USAGE);
        }
        if (grid == null) {
            throw new MagicUsageException("%%ode: missing option --t: " + expected("--t") + "\nusage: " + USAGE);
        }
        return new OdeArgs(init, grid, params, name, tolerance, maxIterations, png);
    }

    /** What an option expects, for messages. */
    static String expected(String option) {
        return switch (option) {
            case "--init" -> "expected initial values such as \"x(0) = 1, x'(0) = 0\"";
            case "--t" -> "expected the time grid as START:STOP:STEP, e.g. 0:10:0.01";
            case "--param", "-p" -> "expected NAME=VALUE with a number as VALUE, e.g. k=0.5";
            case "--name" -> "expected a Java identifier for the variable that holds the solution";
            case "--tol" -> "expected a positive number, e.g. 1e-10";
            case "--max-iter" -> "expected a positive whole number, e.g. 50";
            default -> "see: " + USAGE;
        };
    }

    private static void parseParams(String value, Map<String, Double> params) {
        for (String item : value.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new MagicUsageException("%%ode: invalid --param '" + item.trim() + "': " + expected("--param"));
            }
            String key = item.substring(0, eq).trim();
            params.put(key, number("--param", item.substring(eq + 1), item.trim()));
        }
    }

    private static double number(String option, String value) {
        return number(option, value, value);
    }

    private static double number(String option, String value, String shown) {
        try {
            double v = Double.parseDouble(value.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MagicUsageException(String.format(Locale.ROOT, "%%%%ode: invalid %s '%s': %s", option, shown, expected(option)));
    }
}
