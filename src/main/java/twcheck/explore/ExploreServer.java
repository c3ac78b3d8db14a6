package twcheck.explore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import twcheck.model.Model;
import twcheck.model.Parameter;
import twcheck.model.Property;
import twcheck.spec.ModelSpec;
import twcheck.trace.Json;
import twcheck.trace.TraceFile;
import twcheck.trace.TraceFormatException;

/**
 * The explorer's web server: the JDK's {@code com.sun.net.httpserver}, bound to 127.0.0.1. It
 * serves one page (three files from the jar, by a fixed table: no request ever names a file) and
 * a JSON API over the {@link Explorer}. Addresses, methods and parameters it does not know are
 * refused with 4xx and one line in {@code {"error": …}}.
 *
 * <pre>
 * GET  /                    the page (parameters: step…, at)
 * GET  /api/model           the model: name, parameters, properties, witnesses, the path to start with
 * GET  /api/state?step=…    the state a path leads to (one step parameter per action, in order)
 * GET  /api/trace?step=…    the path as a trace file that replay accepts (a download)
 * POST /api/trace           a trace file (the body) replayed and turned into a path
 * GET  /api/search?step=…&amp;property=P&amp;from=here|initial   the shortest counterexample of P
 * </pre>
 */
public final class ExploreServer implements AutoCloseable {
    /** The largest trace file the page may upload. */
    static final int MAX_UPLOAD = 8 << 20;

    /** The page's files: address → resource name and content type. */
    private static final Map<String, String[]> PAGE = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/explore.js", new String[] {"explore.js", "text/javascript; charset=utf-8"},
            "/explore.css", new String[] {"explore.css", "text/css; charset=utf-8"});

    /**
     * How the server runs.
     *
     * @param port the port on 127.0.0.1, 0 for any free one
     * @param startPath the path the page opens with when its address names none (a loaded trace)
     * @param maxStates a counterexample search stops (incomplete) after this many states
     * @param searchSeconds and after this many seconds
     * @param stopping true once the server is being stopped: running searches end
     */
    public record Options(int port, List<String> startPath, long maxStates, long searchSeconds, BooleanSupplier stopping) {}

    private final Explorer explorer;
    private final Options options;
    private final CounterexampleSearch search;
    private final HttpServer server;
    private final ExecutorService threads;

    private ExploreServer(Explorer explorer, Options options) throws IOException {
        this.explorer = explorer;
        this.options = options;
        this.search = new CounterexampleSearch(explorer, new CounterexampleSearch.Limits(options.maxStates(),
                options.searchSeconds()), options.stopping());
        explorer.walk(options.startPath()); // a start path must walk
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port()), 0);
        // a few threads: a long search on one leaves the others to answer the page
        threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "twcheck-explore");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts serving {@code explorer}'s model. */
    public static ExploreServer start(Explorer explorer, Options options) throws IOException {
        return new ExploreServer(explorer, options);
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                respond(exchange);
            } catch (HttpError e) {
                send(exchange, e.status(), "application/json", error(e.getMessage()), null);
            } catch (CounterexampleSearch.Busy e) {
                send(exchange, 503, "application/json", error(e.getMessage()), null);
            } catch (RuntimeException | OutOfMemoryError e) {
                send(exchange, 500, "application/json", error("internal error: " + e), null);
            }
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getRawPath();
        String method = exchange.getRequestMethod();
        requireLocalHost(exchange);
        if (PAGE.containsKey(path)) {
            requireMethod(method, "GET");
            Query.parse(uri.getRawQuery(), path.equals("/") ? Set.of(Query.STEP, "at") : Set.of());
            String[] file = PAGE.get(path);
            send(exchange, 200, file[1], resource(file[0]), null);
            return;
        }
        switch (path) {
            case "/api/model" -> {
                requireMethod(method, "GET");
                Query.parse(uri.getRawQuery(), Set.of());
                sendJson(exchange, model());
            }
            case "/api/state" -> {
                requireMethod(method, "GET");
                Explorer.Walk walk = walk(Query.parse(uri.getRawQuery(), Set.of(Query.STEP)));
                sendJson(exchange, synchronizedView(walk));
            }
            case "/api/trace" -> {
                if (method.equals("POST")) {
                    Query.parse(uri.getRawQuery(), Set.of());
                    sendJson(exchange, load(exchange));
                    return;
                }
                requireMethod(method, "GET", "POST");
                Explorer.Walk walk = walk(Query.parse(uri.getRawQuery(), Set.of(Query.STEP)));
                TraceFile trace;
                synchronized (explorer) {
                    trace = explorer.traceFile(walk);
                }
                String name = explorer.spec().name().replaceAll("[^A-Za-z0-9._-]", "_") + "-explore" + TraceFile.FILE_ENDING;
                send(exchange, 200, "application/json", (trace.toJson() + "\n").getBytes(StandardCharsets.UTF_8),
                        "attachment; filename=\"" + name + "\"");
            }
            case "/api/search" -> {
                requireMethod(method, "GET");
                Query query = Query.parse(uri.getRawQuery(), Set.of(Query.STEP, "property", "from"));
                Explorer.Walk walk = walk(query);
                Property property = searchable(query.required("property"));
                String from = query.required("from");
                if (!from.equals("here") && !from.equals("initial")) {
                    throw new HttpError(400, "from must be 'here' or 'initial', got '" + Query.shorten(from) + "'");
                }
                sendJson(exchange, search.run(property, walk, from.equals("here")));
            }
            default -> throw new HttpError(404, "no such address: " + Query.shorten(path));
        }
    }

    /**
     * Only requests addressed to this machine by name: a page of another site cannot make a
     * browser talk to the explorer through a name it resolves to 127.0.0.1 (DNS rebinding).
     */
    private void requireLocalHost(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        int port = server.getAddress().getPort();
        if (host == null || !(host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port))) {
            throw new HttpError(421, "this server answers requests for 127.0.0.1:" + port + " or localhost:" + port + " only");
        }
    }

    private static void requireMethod(String method, String... allowed) {
        if (!List.of(allowed).contains(method)) {
            throw new HttpError(405, method + " is not allowed here (only " + String.join(", ", allowed) + ")");
        }
    }

    private Explorer.Walk walk(Query query) {
        List<String> steps = query.steps();
        synchronized (explorer) {
            try {
                return explorer.walk(steps);
            } catch (Explorer.UnknownStep e) {
                throw new HttpError(404, e.getMessage());
            }
        }
    }

    private ObjectNode synchronizedView(Explorer.Walk walk) {
        synchronized (explorer) {
            return StateView.of(explorer, walk);
        }
    }

    private Property searchable(String name) {
        Property p = explorer.spec().properties().stream().filter(q -> q.name().equals(name)).findFirst()
                .orElseThrow(() -> new HttpError(400, "'" + Query.shorten(name) + "' is not a property this model file checks"));
        if (p.kind() != Property.Kind.ALWAYS_NOT && p.kind() != Property.Kind.NO_DEADLOCK) {
            throw new HttpError(400, name + " is a " + p.kind().jsonName() + " property: only safety properties"
                    + " (always, deadlock-freedom) have a shortest counterexample to jump to");
        }
        return p;
    }

    private ObjectNode model() {
        Model model = explorer.model();
        ModelSpec spec = explorer.spec();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("name", spec.name()).put("source", spec.source()).put("description", spec.description())
                .put("kind", model.kind().name()).put("headline", model.headline());
        model.details().forEach(out.putArray("details")::add);
        ObjectNode parameters = out.putObject("parameters");
        for (Parameter p : model.kind().parameters()) parameters.put(p.name(), model.parameters().asMap().get(p.name()));
        options.startPath().forEach(out.putArray("startPath")::add);
        out.put("maxStates", options.maxStates()).put("searchSeconds", options.searchSeconds());
        return out;
    }

    private ObjectNode load(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_UPLOAD + 1);
        }
        if (body.length > MAX_UPLOAD) throw new HttpError(413, "a trace file of at most " + (MAX_UPLOAD >> 20) + " MiB, please");
        List<String> path;
        try {
            TraceFile trace = TraceFile.parse(new String(body, StandardCharsets.UTF_8));
            synchronized (explorer) {
                path = LoadedTrace.path(explorer, trace);
            }
        } catch (TraceFormatException e) {
            throw new HttpError(400, "not a well-formed trace: " + e.getMessage());
        } catch (LoadedTrace.Refused e) {
            throw new HttpError(422, e.getMessage());
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode steps = out.putArray("path");
        path.forEach(steps::add);
        return out;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ExploreServer.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the jar lacks the explorer's " + name);
            return in.readAllBytes();
        }
    }

    private static byte[] error(String message) {
        return json(JsonNodeFactory.instance.objectNode().put("error", message));
    }

    private static byte[] json(JsonNode node) {
        try {
            return Json.compact().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendJson(HttpExchange exchange, JsonNode node) throws IOException {
        send(exchange, 200, "application/json", json(node), null);
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body, String disposition)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        if (disposition != null) headers.set("Content-Disposition", disposition);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
