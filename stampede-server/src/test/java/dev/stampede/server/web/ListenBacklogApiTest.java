package dev.stampede.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The service's listen backlog has room for a flash sale's connections opened at once: {@code
 * server.tomcat.accept-count=20000}, which the kernel caps at {@code net.core.somaxconn}. With Tomcat's default of 100
 * a burst of new connections overflows the accept queue, the kernel drops their SYNs, and each is retried only after
 * Linux's initial retransmission timeout of 1 s (RFC 6298 §2), then 2 s more. Read as the kernel reports it ({@code ss},
 * Linux). Issue 13 ruled this out as the open model's stall: docs/performance.md, "Why the open model stalls at its
 * start".
 */
class ListenBacklogApiTest extends ApiTest {

    @Test
    void theServiceListensWithRoomForAFlashSalesConnectionsOpenedAtOnce() throws Exception {
        int somaxconn = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"))
                .getFirst()
                .strip());
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port)
                .redirectErrorStream(true)
                .start();
        String listening = new String(ss.getInputStream().readAllBytes()).strip();
        assertThat(ss.waitFor()).as(listening).isZero();

        String[] columns = listening.split("\\s+");
        assertThat(columns[0]).as(listening).isEqualTo("LISTEN");
        assertThat(Integer.parseInt(columns[2])).as("backlog").isEqualTo(Math.min(20_000, somaxconn));
    }
}
