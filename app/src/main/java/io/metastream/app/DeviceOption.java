package io.metastream.app;

import ai.djl.Device;
import io.metastream.model.encoder.Devices;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --device} option of every command that runs the model, as a picocli mixin
 * ({@code @Mixin DeviceOption device;}): the option's value, else {@code METASTREAM_DEVICE}, else
 * {@code auto}; a bad value is a parse error naming where it came from.
 */
final class DeviceOption {

    @Option(names = "--device", paramLabel = "auto|cpu|gpu[:N]",
            description = "Where the arrays live: auto (a GPU when the engine sees one), cpu, gpu or gpu:N "
                    + "(default: METASTREAM_DEVICE, else auto).")
    String device;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The checked value, to pass on as the {@code device} option of a learning request. */
    String value() {
        resolve();
        return raw();
    }

    /** The device the option (or the environment variable) names. */
    Device resolve() {
        String source = device != null ? "--device" : Devices.VARIABLE;
        try {
            return Devices.parse(raw(), source);
        } catch (IllegalArgumentException e) {
            throw Options.invalid(spec, e.getMessage());
        }
    }

    private String raw() {
        if (device != null) {
            return device;
        }
        String env = System.getenv(Devices.VARIABLE);
        return env == null || env.isBlank() ? "auto" : env;
    }
}
