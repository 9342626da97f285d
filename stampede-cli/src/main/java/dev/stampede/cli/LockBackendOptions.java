package dev.stampede.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the {@code lease} strategy of a service started by this command keeps its leases. */
final class LockBackendOptions {

    @Option(
            names = "--lock-backend",
            paramLabel = "jdbc|redis|etcd",
            description = "Lease lock of the service's 'lease' strategy (default: jdbc).")
    String backend;

    @Option(
            names = "--etcd",
            split = ",",
            paramLabel = "URL",
            description = "etcd cluster for --lock-backend etcd, e.g. http://127.0.0.1:2379,http://127.0.0.1:22379"
                    + " (bench: a local one when not given).")
    List<String> endpoints;

    /** The service settings these options stand for, as {@code name=value}; empty when none was given. */
    List<String> properties() {
        List<String> properties = new ArrayList<>();
        if (backend != null) {
            properties.add("stampede.lock.backend=" + backend);
        }
        if (endpoints != null) {
            properties.add("stampede.lock.etcd-endpoints=" + String.join(",", endpoints));
        }
        return properties;
    }
}
