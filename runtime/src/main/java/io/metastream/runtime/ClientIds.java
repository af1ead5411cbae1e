package io.metastream.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;

/**
 * Kafka client ids that stay the same across restarts of the same instance, so the client meters
 * (tagged {@code client_id}) continue one series instead of starting a new one per process. A
 * service's id is derived from its identity (application or transactional id) and its instance:
 * {@value #INSTANCE}, by default the host name (the pod name on Kubernetes).
 */
public final class ClientIds {
    /** Names this instance of a service; default: the host name. */
    public static final String INSTANCE = "METASTREAM_INSTANCE";

    private ClientIds() {
    }

    /** {@value #INSTANCE} from {@code env}, else the host name, as a lower-case id ([a-z0-9._-]). */
    public static String instance(Map<String, String> env) {
        String v = env.get(INSTANCE);
        if (v == null || v.isBlank()) {
            v = env.get("HOSTNAME");
        }
        if (v == null || v.isBlank()) {
            try {
                v = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                v = "local";
            }
        }
        return sanitize(v);
    }

    /** {@code <identity>-<instance>}, e.g. {@code metastream-ingest-ingest-0}. */
    public static String of(String identity, String instance) {
        return sanitize(identity) + "-" + sanitize(instance);
    }

    static String sanitize(String s) {
        String clean = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
        return clean.isEmpty() ? "local" : clean;
    }
}
