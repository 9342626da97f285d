package dev.stampede.bench.service;

import java.net.URI;

/** One running Stampede service. */
interface ServiceInstance extends AutoCloseable {

    URI baseUri();

    @Override
    void close();
}
