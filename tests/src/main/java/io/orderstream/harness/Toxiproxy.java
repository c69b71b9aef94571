package io.orderstream.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Toxiproxy server (Shopify/toxiproxy, built by scripts/setup-toxiproxy.sh into
 * .local/bin/toxiproxy-server) as a host process, driven over its HTTP API: TCP proxies in front of
 * a dependency, with faults ("toxics") added and removed while the job runs: latency, bandwidth
 * limit, connection reset, timeout (data held, connection never answered), and full outage
 * (proxy disabled: connections refused).
 */
public final class Toxiproxy implements AutoCloseable {
    private final Process process;
    private final URI api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Proxy> proxies = new ArrayList<>();

    private Toxiproxy(Process process, URI api) {
        this.process = process;
        this.api = api;
    }

    /** The server binary, or null when setup-toxiproxy.sh has not installed it (tests then skip). */
    public static Path binary() {
        Path bin = RepoRoot.find().resolve(".local/bin/toxiproxy-server");
        return Files.isExecutable(bin) ? bin : null;
    }

    public static Toxiproxy start(Path workDir) {
        Path bin = binary();
        if (bin == null) {
            throw new IllegalStateException("toxiproxy-server not installed: run scripts/setup-toxiproxy.sh");
        }
        int port = Processes.freePort();
        try {
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(Processes.inOwnSession(
                    List.of(bin.toString(), "-host", "127.0.0.1", "-port", String.valueOf(port))));
            pb.environment().put("LOG_LEVEL", "info"); // the default traces every read and write
            Process p = pb
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("toxiproxy.log").toFile())
                    .start();
            Toxiproxy t = new Toxiproxy(p, URI.create("http://127.0.0.1:" + port));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    if (t.call("GET", "/version", null).statusCode() == 200) {
                        return t;
                    }
                } catch (java.io.UncheckedIOException notYet) {
                    // starting
                }
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IllegalStateException("toxiproxy-server did not start; see " + workDir.resolve("toxiproxy.log"));
                }
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A proxy on a free local port in front of {@code host:port}. */
    public Proxy proxy(String name, String upstreamHost, int upstreamPort) {
        return proxy(name, Processes.freePort(), upstreamHost, upstreamPort);
    }

    /** A proxy on {@code listen} in front of {@code host:port}. */
    public Proxy proxy(String name, int listen, String upstreamHost, int upstreamPort) {
        send("POST", "/proxies", json(Map.of("name", name, "listen", "127.0.0.1:" + listen,
                "upstream", upstreamHost + ":" + upstreamPort, "enabled", true)), 201);
        Proxy proxy = new Proxy(name, listen);
        proxies.add(proxy);
        return proxy;
    }

    /** One proxied dependency and its faults. */
    public final class Proxy {
        private final String name;
        private final int port;
        private int toxics;

        private Proxy(String name, int port) {
            this.name = name;
            this.port = port;
        }

        public int port() {
            return port;
        }

        /** The proxied endpoint as {@code http://127.0.0.1:port} plus the upstream URI's path. */
        public URI rewrite(URI upstream) {
            return URI.create(upstream.getScheme() + "://127.0.0.1:" + port + (upstream.getRawPath() == null ? "" : upstream.getRawPath()));
        }

        /** Adds latency (ms, with jitter) on responses. */
        public Proxy latency(long millis, long jitterMillis) {
            return toxic("latency", "downstream", Map.of("latency", millis, "jitter", jitterMillis));
        }

        /** Limits the response rate to {@code kbPerSecond} KB/s. */
        public Proxy bandwidth(long kbPerSecond) {
            return toxic("bandwidth", "downstream", Map.of("rate", kbPerSecond));
        }

        /** Resets every connection (TCP RST) after {@code millis}. */
        public Proxy resetPeer(long millis) {
            return toxic("reset_peer", "upstream", Map.of("timeout", millis));
        }

        /** Holds data and closes the connection after {@code millis} (0: never answers). */
        public Proxy timeout(long millis) {
            return toxic("timeout", "upstream", Map.of("timeout", millis));
        }

        private Proxy toxic(String type, String stream, Map<String, Object> attributes) {
            String toxicName = type + "-" + (++toxics);
            send("POST", "/proxies/" + name + "/toxics", json(Map.of("name", toxicName, "type", type, "stream", stream,
                    "toxicity", 1.0, "attributes", attributes)), 200);
            return this;
        }

        /** Removes every toxic: the dependency is healthy again. */
        public Proxy heal() {
            for (String toxic : names(send("GET", "/proxies/" + name + "/toxics", null, 200))) {
                call("DELETE", "/proxies/" + name + "/toxics/" + toxic);
            }
            return enable(true);
        }

        /** Full outage (false: listener closed, existing connections dropped) or back (true). */
        public Proxy enable(boolean enabled) {
            send("POST", "/proxies/" + name, json(Map.of("enabled", enabled)), 200);
            return this;
        }
    }

    /** Removes every toxic of every proxy (the names are not tracked per type, so list and delete). */
    public void healAll() {
        for (Proxy p : proxies) {
            String body = send("GET", "/proxies/" + p.name + "/toxics", null, 200);
            for (String toxic : names(body)) {
                call("DELETE", "/proxies/" + p.name + "/toxics/" + toxic);
            }
            p.toxics = 0;
            p.enable(true);
        }
    }

    private static List<String> names(String toxicsJson) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = toxicsJson.indexOf("\"name\":\"", i)) >= 0) {
            int start = i + 8;
            int end = toxicsJson.indexOf('"', start);
            names.add(toxicsJson.substring(start, end));
            i = end;
        }
        return names;
    }

    private String send(String method, String path, String body, int expected) {
        HttpResponse<String> r = call(method, path, body);
        if (r.statusCode() != expected && !(expected == 200 && r.statusCode() == 204)) {
            throw new IllegalStateException("toxiproxy " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private HttpResponse<String> call(String method, String path) {
        return call(method, path, null);
    }

    private HttpResponse<String> call(String method, String path, String body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Tiny JSON writer for flat maps of strings, numbers, booleans and nested maps. */
    private static String json(Map<String, ?> map) {
        return map.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + value(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    @SuppressWarnings("unchecked")
    private static String value(Object v) {
        if (v instanceof String s) {
            return "\"" + s + "\"";
        }
        if (v instanceof Map<?, ?> m) {
            return json((Map<String, ?>) m);
        }
        return String.valueOf(v);
    }

    @Override
    public void close() {
        Processes.destroyTree(process, Duration.ofSeconds(5));
    }
}
