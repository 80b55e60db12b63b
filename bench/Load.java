import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests per second a running service answers, from CLIENTS threads each sending one request after another for
 * SECONDS (after 3 s of warm-up). Prints "figure NAME.per_second R" and the count of answers that were not 2xx
 * (a run with any is refused: a fast error is no throughput).
 *
 * <pre>java bench/Load.java NAME URL SECONDS CLIENTS [TOKEN BODY_FILE]</pre>
 *
 * With a body file the request is a POST of that JSON with the bearer token; without, a GET.
 */
public class Load {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        URI uri = URI.create(args[1]);
        double seconds = Double.parseDouble(args[2]);
        int clients = Integer.parseInt(args[3]);
        String token = args.length > 4 ? args[4] : null;
        String body = args.length > 5 ? Files.readString(Path.of(args[5])) : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (body != null) {
            builder.header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
        }
        HttpRequest request = builder.build();
        run(http, request, 3, clients, new AtomicLong(), new AtomicLong());
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        run(http, request, seconds, clients, ok, failed);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("figure %s.per_second %.1f%n", name, ok.get() / elapsed);
        System.out.printf("figure %s.failed %d%n", name, failed.get());
        if (failed.get() > 0) {
            System.exit(1);
        }
    }

    private static void run(HttpClient http, HttpRequest request, double seconds, int clients, AtomicLong ok,
                            AtomicLong failed) throws InterruptedException {
        long until = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < until) {
                    try {
                        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                        (response.statusCode() / 100 == 2 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
