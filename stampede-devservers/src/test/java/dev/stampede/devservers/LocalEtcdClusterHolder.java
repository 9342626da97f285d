package dev.stampede.devservers;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The JVM that {@link LocalEtcdClusterTest} kills: starts a local cluster of the binary {@code args[0]}, prints its
 * folder, and waits for the end of its standard input.
 */
final class LocalEtcdClusterHolder {

    public static void main(String[] args) throws IOException {
        try (LocalEtcdCluster cluster = LocalEtcdCluster.start(args[0], null)) {
            System.out.println(cluster.directory());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
