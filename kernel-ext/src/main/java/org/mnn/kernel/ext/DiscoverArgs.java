package org.mnn.kernel.ext;

import java.util.ArrayList;
import java.util.List;
import javax.lang.model.SourceVersion;
import org.mnn.discover.DiscoveryRequest;

/**
 * The arguments of {@code %discover SOURCE [options]}, the same options as {@code mnn discover}:
 * SOURCE is a CSV path or the name of a Tablesaw {@code Table} variable; {@code --library},
 * {@code --threshold}, {@code --time}, {@code --vars}, {@code --trajectory}, {@code --input},
 * {@code --window}, {@code --holdout}, {@code --digits}, and {@code --name VAR} (default
 * {@code model}) for the notebook variable that receives the model.
 */
public record DiscoverArgs(String source, String library, String threshold, String time, List<String> variables,
                           String trajectory, List<String> inputs, int window, double holdout, int digits, String name) {

    public static final String USAGE = "%discover PATH_OR_TABLE [--library poly:2] [--threshold rel:0.05|T] "
            + "[--time COLUMN] [--vars x,y] [--trajectory COLUMN] [--input u1,u2] [--window 50] [--holdout 0.2] "
            + "[--digits 4] [--name VAR]";
    private static final List<String> OPTIONS = List.of("--library", "--threshold", "--time", "--vars", "--trajectory",
            "--input", "--window", "--holdout", "--digits", "--name");

    public static DiscoverArgs parse(List<String> args) {
        String source = null;
        String library = "poly:2";
        String threshold = DiscoveryRequest.DEFAULT_THRESHOLD;
        String time = null;
        List<String> variables = null;
        String trajectory = null;
        List<String> inputs = null;
        int window = 50;
        double holdout = 0.2;
        int digits = 4;
        String name = "model";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                if (source != null) {
                    throw fail("unexpected argument '" + arg + "': the data source is already " + source);
                }
                source = arg;
                continue;
            }
            String option = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!OPTIONS.contains(option)) {
                throw fail("unknown option " + option + "; the options are " + String.join(", ", OPTIONS));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw fail("option " + option + " needs a value");
                }
                value = args.get(++i);
            }
            switch (option) {
                case "--library" -> library = value;
                case "--threshold" -> threshold = value;
                case "--time" -> time = value;
                case "--vars" -> variables = list(value);
                case "--trajectory" -> trajectory = value;
                case "--input" -> inputs = list(value);
                case "--window" -> window = whole(option, value);
                case "--holdout" -> holdout = number(option, value);
                case "--digits" -> {
                    digits = whole(option, value);
                    if (digits < 0 || digits > 17) {
                        throw fail("invalid --digits " + value + ": expected 0 to 17");
                    }
                }
                default -> {
                    if (!SourceVersion.isIdentifier(value) || SourceVersion.isKeyword(value)) {
                        throw fail("invalid --name '" + value + "': expected a Java variable name");
                    }
                    name = value;
                }
            }
        }
        if (source == null) {
            throw fail("missing the data: a CSV path or the name of a Tablesaw Table variable");
        }
        return new DiscoverArgs(source, library, threshold, time, variables, trajectory, inputs, window, holdout,
                digits, name);
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split(",")) {
            out.add(s.strip());
        }
        return out;
    }

    private static int whole(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw fail("invalid " + option + " '" + value + "': expected a whole number");
        }
    }

    private static double number(String option, String value) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw fail("invalid " + option + " '" + value + "': expected a number");
        }
    }

    static MagicUsageException fail(String detail) {
        return new MagicUsageException("%discover: " + detail + "\nusage: " + USAGE);
    }
}
