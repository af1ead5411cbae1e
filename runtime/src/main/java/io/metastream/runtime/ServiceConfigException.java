package io.metastream.runtime;

import java.util.List;

/** Every configuration problem found at once, each naming its variable, so one restart fixes them all. */
public final class ServiceConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> errors;

    public ServiceConfigException(List<String> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    /** One entry per problem, e.g. {@code METASTREAM_BOOTSTRAP_SERVERS: required}. */
    public List<String> errors() {
        return errors;
    }

    private static String message(List<String> errors) {
        return "invalid configuration (" + errors.size() + " problem" + (errors.size() == 1 ? "" : "s")
                + "; fix the environment variables and restart):\n  " + String.join("\n  ", errors);
    }
}
