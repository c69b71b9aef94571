package io.orderstream.bench;

import io.orderstream.harness.CustomerApiServer;
import io.orderstream.job.enrich.ApiCredentials;
import io.orderstream.job.enrich.CustomerApiClient;
import io.orderstream.job.model.Customer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The enrichment's customer API client alone, as after a start when every customer is a miss: the
 * job's {@link CustomerApiClient} calls the harness {@link CustomerApiServer} (plain HTTP, no latency
 * added) for {@code --calls} distinct customers with {@code --in-flight} calls at once
 * ({@code enrichment.capacity} is 200 per subtask), {@code --rounds} times with one client (the first
 * round warms the JIT and the connections). Per round: calls per second, the process's CPU per call
 * (client and server together: they share the JVM, as they share the cores in an end-to-end run) and
 * the threads started. Usage: {@code ./bench/run.sh api [--calls 20000] [--in-flight 200] [--rounds 3]
 * [--out file.json]}.
 */
public final class CustomerApiBench {
    private CustomerApiBench() {}

    public static void main(String[] args) throws Exception {
        int calls = 20_000;
        int inFlight = 200;
        int rounds = 3;
        Path out = Path.of("bench/target/api-results.json");
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--calls" -> calls = Integer.parseInt(v);
                case "--in-flight" -> inFlight = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Object> report = run(calls, inFlight, rounds);
        report.put("commit", System.getProperty("bench.commit", "unknown"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, EndToEndBench.json(report));
        System.out.println(EndToEndBench.json(report.get("results")));
        System.out.println("results: " + out);
    }

    static Map<String, Object> run(int calls, int inFlight, int rounds) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("started", Instant.now().toString());
        report.put("machine", EndToEndBench.machine());
        report.put("settings", Map.of("calls", calls, "in_flight", inFlight, "rounds", rounds));
        List<Map<String, Object>> results = new ArrayList<>();
        try (CustomerApiServer api = CustomerApiServer.startWithoutCredentials();
             CustomerApiClient client = new CustomerApiClient(api.baseUrl(), Duration.ofSeconds(10), 0,
                     Duration.ofMillis(10), ApiCredentials.none(), null, inFlight)) {
            for (int round = 0; round < rounds; round++) {
                results.add(round(client, "R" + round + "-", calls, inFlight));
            }
        }
        report.put("results", results);
        return report;
    }

    /** One round: {@code calls} customers never asked for before, at most {@code inFlight} at once. */
    private static Map<String, Object> round(CustomerApiClient client, String prefix, int calls, int inFlight)
            throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        Semaphore slots = new Semaphore(inFlight);
        List<CompletableFuture<Customer>> answers = new ArrayList<>(calls);
        long threadsBefore = threads.getTotalStartedThreadCount();
        EndToEndBench.Jvm jvm = EndToEndBench.Jvm.start();
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            slots.acquire();
            answers.add(client.fetch(prefix + i).whenComplete((customer, error) -> slots.release()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = jvm.cpuSeconds();
        long answered = answers.stream().filter(a -> a.join().customerId != null).count();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("calls", calls);
        r.put("answered", answered);
        r.put("calls_per_s", Math.round(calls / seconds));
        r.put("cpu_us_per_call", Math.round(cpuSeconds * 1e6 / calls));
        r.put("threads_started", threads.getTotalStartedThreadCount() - threadsBefore);
        return r;
    }
}
