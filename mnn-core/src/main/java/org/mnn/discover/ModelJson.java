package org.mnn.discover;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a discovered model:
 * <pre>
 * {"variables": ["x", "y"], "inputs": [],
 *  "equations": [{"variable": "x", "order": 1, "terms": [{"term": "x", "coefficient": -10.0}, ...]}, ...],
 *  "library": ["1", "x", "y", "x^2", "x*y", ...],
 *  "scores": {...}}
 * </pre>
 * Terms are named in the ODE text form ({@code x*z}, {@code x^2}, {@code sin(y)}, {@code 1} for the
 * constant); only nonzero coefficients are listed, in full double precision (Java's shortest
 * round-trip form); "scores" is {@link Scores#toJson()} or empty. {@link #read} restores the model
 * (the scores are not part of it).
 */
public final class ModelJson {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();

    private ModelJson() { }

    /** @param scores may be null (written as {@code {}}) */
    public static String write(DiscoveredModel model, Scores scores) {
        return GSON.toJson(tree(model, scores)) + "\n";
    }

    /** The JSON tree, e.g. for a notebook that adds its own fields. */
    public static JsonObject tree(DiscoveredModel model, Scores scores) {
        JsonObject root = new JsonObject();
        root.add("variables", strings(model.variables()));
        root.add("inputs", strings(model.inputs()));
        JsonArray equations = new JsonArray();
        double[][] xi = model.coefficients();
        List<String> names = model.library().names();
        for (int d = 0; d < xi.length; d++) {
            JsonObject eq = new JsonObject();
            eq.addProperty("variable", model.variables().get(d));
            eq.addProperty("order", 1);
            JsonArray terms = new JsonArray();
            for (int k = 0; k < xi[d].length; k++) {
                if (xi[d][k] != 0) {
                    JsonObject term = new JsonObject();
                    term.addProperty("term", names.get(k));
                    term.addProperty("coefficient", xi[d][k]);
                    terms.add(term);
                }
            }
            eq.add("terms", terms);
            equations.add(eq);
        }
        root.add("equations", equations);
        root.add("library", strings(names));
        root.add("scores", scores == null ? new JsonObject() : scores.toJson());
        return root;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /**
     * A model from its JSON form.
     *
     * @throws IllegalArgumentException naming what is missing or wrong
     */
    public static DiscoveredModel read(String json) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("a discovered model must be a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        List<String> variables = stringList(root, "variables");
        List<String> inputs = root.has("inputs") ? stringList(root, "inputs") : List.of();
        List<String> names = stringList(root, "library");
        List<String> signals = new ArrayList<>(variables);
        signals.addAll(inputs);
        Library library;
        try {
            library = Library.of(signals, names.toArray(String[]::new));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("library: " + e.getMessage(), e);
        }
        if (!library.names().equals(names)) {
            throw new IllegalArgumentException("library: the terms " + names + " read back as " + library.names()
                    + " (duplicates, or not in the canonical text form)");
        }
        double[][] xi = new double[variables.size()][names.size()];
        JsonArray equations = array(root, "equations");
        if (equations.size() != variables.size()) {
            throw new IllegalArgumentException(equations.size() + " equations for " + variables.size() + " variables");
        }
        for (JsonElement el : equations) {
            JsonObject eq = object(el, "equation");
            String variable = string(eq, "variable");
            int d = variables.indexOf(variable);
            if (d < 0) {
                throw new IllegalArgumentException("equation for unknown variable " + variable + "; variables " + variables);
            }
            if (eq.has("order") && eq.get("order").getAsInt() != 1) {
                throw new IllegalArgumentException("equation for " + variable + ": only order 1 is supported, got "
                        + eq.get("order"));
            }
            for (JsonElement t : array(eq, "terms")) {
                JsonObject term = object(t, "term of " + variable);
                String name = string(term, "term");
                int k = names.indexOf(name);
                if (k < 0) {
                    throw new IllegalArgumentException("equation for " + variable + ": term " + name + " is not in the library");
                }
                if (!term.has("coefficient") || !term.get("coefficient").isJsonPrimitive()
                        || !term.get("coefficient").getAsJsonPrimitive().isNumber()) {
                    throw new IllegalArgumentException("equation for " + variable + ", term " + name + ": no numeric coefficient");
                }
                xi[d][k] = term.get("coefficient").getAsDouble();
            }
        }
        return new DiscoveredModel(variables, inputs, library, xi);
    }

    private static List<String> stringList(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : array(o, key)) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("\"" + key + "\" must hold strings, got " + e);
            }
            out.add(e.getAsString());
        }
        return out;
    }

    private static JsonArray array(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonArray()) {
            throw new IllegalArgumentException("expected an array \"" + key + "\"");
        }
        return o.getAsJsonArray(key);
    }

    private static JsonObject object(JsonElement e, String what) {
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException(what + ": expected an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String key) {
        if (!o.has(key) || !o.get(key).isJsonPrimitive()) {
            throw new IllegalArgumentException("expected a string \"" + key + "\" in " + o);
        }
        return o.get(key).getAsString();
    }
}
