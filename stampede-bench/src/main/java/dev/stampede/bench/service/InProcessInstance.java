package dev.stampede.bench.service;

import dev.stampede.server.StampedeApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The service in the bench's own JVM, on a free port. */
final class InProcessInstance implements ServiceInstance {

    private final ConfigurableApplicationContext context;
    private final URI baseUri;

    private InProcessInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    static InProcessInstance start(String jdbcUrl, String user, String adminToken, List<String> properties) {
        List<String> args =
                new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        ServiceInstance.settings(jdbcUrl, user, adminToken, properties).forEach(setting -> args.add("--" + setting));
        return new InProcessInstance(
                new SpringApplicationBuilder(StampedeApplication.class).run(args.toArray(String[]::new)));
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
        context.close();
    }
}
