package dev.attune.deploy.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Positional arguments, {@code --name value} options and bare {@code --flag}s of a CLI command. */
record Arguments(List<String> positional, Map<String, String> options) {

    /** Options that take no value. */
    static final List<String> FLAGS = List.of("now");

    static Arguments parse(List<String> args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--") && FLAGS.contains(arg.substring(2))) {
                options.put(arg.substring(2), "true");
            } else if (arg.startsWith("--") && arg.length() > 2) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                options.put(arg.substring(2), args.get(++i));
            } else {
                positional.add(arg);
            }
        }
        return new Arguments(List.copyOf(positional), Map.copyOf(options));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    int intOption(String name, int fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a number, got " + value);
        }
    }
}
