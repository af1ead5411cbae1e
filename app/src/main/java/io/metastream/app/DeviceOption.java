package io.metastream.app;

import ai.djl.Device;
import io.metastream.model.encoder.Devices;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --device} option shared by the commands that run the model: the option's value,
 * else {@code METASTREAM_DEVICE}, else {@code auto}; a bad value is a parse error naming where it
 * came from.
 */
final class DeviceOption {

    private DeviceOption() {
    }

    /** The value to pass on as the {@code device} option of a learning request. */
    static String value(CommandSpec spec, String option) {
        resolve(spec, option);
        return raw(option);
    }

    /** Parses the option (or the environment variable) into a device. */
    static Device resolve(CommandSpec spec, String option) {
        String source = option != null ? "--device" : Devices.VARIABLE;
        try {
            return Devices.parse(raw(option), source);
        } catch (IllegalArgumentException e) {
            throw Options.invalid(spec, e.getMessage());
        }
    }

    private static String raw(String option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv(Devices.VARIABLE);
        return env == null || env.isBlank() ? "auto" : env;
    }
}
