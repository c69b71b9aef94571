package io.orderstream.job.enrich;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A customer API for tests: an HTTP server on a free local port that answers with the test's handler. */
final class LocalApiServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    LocalApiServer(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        executor = Executors.newFixedThreadPool(4); // answers that take long must not hold up the others
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
    }

    /** The base URL the client is configured with ({@code enrichment.api-url}). */
    URI apiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    /** Stops answering: connections are refused from now on. */
    void stopAnswering() {
        server.stop(0);
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
