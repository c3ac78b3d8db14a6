package twcheck.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import twcheck.check.Replay;
import twcheck.cli.Main;
import twcheck.spec.ModelFiles;
import twcheck.trace.TraceFile;

/** The explorer's JSON API over HTTP, on the bundled model without TIME_WAIT. */
class ExploreApiTest {
    /** The shortest counterexample of passive-close-clean that check finds for no-time-wait.tw. */
    static final List<String> LAST_ACK_RESET = List.of("Close(A)", "Deliver(FIN A->B seq=0 ack=0 inc=0 age=0)", "Close(B)",
            "Deliver(FIN B->A seq=0 ack=1 inc=0 age=0)", "Timeout(A)", "Deliver(ACK B->A seq=0 ack=1 inc=0 age=0)",
            "Deliver(RST A->B seq=1 ack=0 inc=0 age=0)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ExploreServer server;

    @BeforeAll
    static void start() throws IOException {
        server = start("models/no-time-wait.tw", List.of(), 5_000_000);
    }

    static ExploreServer start(String model, List<String> overrides, long maxStates) throws IOException {
        Explorer explorer = new Explorer(ModelFiles.read(Path.of(model), overrides));
        return ExploreServer.start(explorer, new ExploreServer.Options(0, List.of(), maxStates, 60, () -> false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static String steps(List<String> tokens) {
        return tokens.stream().map(t -> "step=" + URLEncoder.encode(t, StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static Answer get(ExploreServer on, String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(on.url().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
    }

    private static Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return get(server, pathAndQuery);
    }

    private static Answer post(String pathAndQuery, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.url().resolve(pathAndQuery))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body(), r.headers());
    }

    /** The request exactly as written (no client normalising the path), and the status line's code. */
    private static int raw(String target, String host) throws IOException {
        try (Socket socket = new Socket(server.url().getHost(), server.url().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertFalse(response.contains("<artifactId>") || response.contains("package twcheck"),
                    target + " served a file from outside the explorer's resources");
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    private static String local() {
        return "127.0.0.1:" + server.url().getPort();
    }

    @Test
    void thePageAndItsFilesComeFromTheJar() throws Exception {
        Answer page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<script src=\"/explore.js\""), page.body());
        assertEquals(200, get("/explore.js").status());
        assertEquals("text/css; charset=utf-8", get("/explore.css").headers().firstValue("Content-Type").orElseThrow());
        assertEquals(200, get("/?" + steps(List.of("Close(A)")) + "&at=0").status());
    }

    @Test
    void theModelIsDescribedThroughTheModelInterface() throws Exception {
        JsonNode model = get("/api/model").json();
        assertEquals("no-time-wait", model.get("name").asText());
        assertEquals("r0", model.get("kind").asText());
        assertEquals(0, model.get("parameters").get("timeWait").asInt());
        assertEquals(0, model.get("startPath").size());
    }

    @Test
    void theInitialStateOffersEachCloseWithWhatItChanges() throws Exception {
        JsonNode state = get("/api/state").json();
        assertEquals("ESTABLISHED", state.get("state").get("A").get("state").asText());
        List<String> tokens = new ArrayList<>();
        state.get("enabled").forEach(a -> tokens.add(a.get("token").asText()));
        assertEquals(List.of("Close(A)", "Close(B)"), tokens);
        JsonNode closeA = state.get("enabled").get(0);
        assertEquals("Close", closeA.get("group").asText());
        assertTrue(closeA.get("changes").toString().contains(
                "{\"field\":\"A.state\",\"before\":\"ESTABLISHED\",\"after\":\"FIN_WAIT_1\"}"), closeA.toString());
        assertTrue(closeA.get("changes").toString().contains("\"field\":\"net\",\"added\":[\"from=A kind=FIN seq=0 ack=0 inc=0 age=0\"]"),
                closeA.toString());
        assertEquals(0, state.get("path").size());
    }

    @Test
    void aKnownCounterexampleEndsInTheViolationItShows() throws Exception {
        JsonNode before = get("/api/state?" + steps(LAST_ACK_RESET.subList(0, 6))).json();
        JsonNode reset = null;
        for (JsonNode a : before.get("enabled")) if (a.get("token").asText().equals(LAST_ACK_RESET.get(6))) reset = a;
        assertEquals("[\"passive-close-clean\"]", reset.get("violates").toString(), "the preview names the violation");

        JsonNode state = get("/api/state?" + steps(LAST_ACK_RESET)).json();
        assertEquals(7, state.get("path").size());
        assertEquals("[\"passive-close-clean\"]", state.get("path").get(6).get("violates").toString());
        JsonNode property = property(state, "passive-close-clean");
        assertTrue(property.get("here").asBoolean());
        assertEquals("[7]", property.get("steps").toString());
        assertFalse(property(state, "no-stale-accept").get("here").asBoolean());
        assertEquals("LISTEN", state.get("state").get("B").get("state").asText());
        String svg = state.get("chart").get("svg").asText();
        for (int i = 0; i <= 7; i++) assertTrue(svg.contains(">" + i + "  "), "step " + i + " in the chart");
        assertTrue(svg.contains("passive-close-clean"), "the chart highlights the violation");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/state?step=Nope", "/api/state?step=Close(A)&step=Close(A)", "/api/trace?step=Tick",
        "/api/search?step=Open(A)&property=no-deadlock&from=here"})
    void anActionThatIsNotEnabledIsNotFound(String request) throws Exception {
        Answer a = get(request);
        assertEquals(404, a.status(), a.body());
        assertTrue(a.json().get("error").asText().contains("is not enabled in state"), a.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/state?step=%zz", "/api/state?step=%C3%28", "/api/state?step=", "/api/state?step=%0A",
        "/api/state?path=Close(A)", "/api/state?step=Close(A)&at=1", "/api/model?x", "/explore.js?v=2",
        "/?step=Close(A)&at=0&at=1", "/api/search?property=no-deadlock", "/api/search?property=no-deadlock&from=there",
        "/api/search?property=nope&from=here", "/api/search?property=both-eventually-closed&from=here"})
    void aMalformedPathOrAnUnknownParameterIsABadRequest(String request) throws Exception {
        assertEquals(400, raw(request, local()), request);
    }

    @Test
    void badRequestsSayWhyInOneLine() throws Exception {
        Answer unknown = get("/api/state?foo=1");
        assertEquals("unknown parameter 'foo' (expected step)", unknown.json().get("error").asText());
        Answer liveness = get("/api/search?property=both-eventually-closed&from=here");
        assertTrue(liveness.json().get("error").asText().contains("only safety properties"), liveness.body());
        assertEquals("application/json", liveness.headers().firstValue("Content-Type").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../pom.xml", "/%2e%2e/pom.xml", "/..%2fpom.xml", "/explore.js/../../pom.xml",
        "/twcheck/explore/index.html", "/index.html", "/api/../../src/main/java/twcheck/explore/Explorer.java",
        "/%2e%2e%2f%2e%2e%2fpom.xml", "//etc/passwd", "/api", "/api/", "/api/state/", "/META-INF/MANIFEST.MF",
        "/twcheck/explore/ExploreServer.class"})
    void nothingOutsideThePageIsServed(String target) throws Exception {
        int status = raw(target, local());
        assertTrue(status >= 400 && status < 500, target + " gave " + status);
    }

    @Test
    void methodsAndHostsItDoesNotKnowAreRefused() throws Exception {
        HttpResponse<String> delete = HTTP.send(HttpRequest.newBuilder(server.url().resolve("/api/model")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, delete.statusCode());
        assertEquals(421, raw("/api/model", "attacker.example:" + server.url().getPort()), "another name for 127.0.0.1");
        assertEquals(200, raw("/api/model", "localhost:" + server.url().getPort()));
    }

    @Test
    void theDownloadedPathReplaysWithItsClaim(@TempDir Path dir) throws Exception {
        Answer download = get("/api/trace?" + steps(LAST_ACK_RESET));
        assertEquals(200, download.status());
        assertEquals("attachment; filename=\"no-time-wait-explore.itf.json\"",
                download.headers().firstValue("Content-Disposition").orElseThrow());
        Path file = Files.writeString(dir.resolve("path.itf.json"), download.body());
        TraceFile trace = TraceFile.read(file);
        assertEquals("passive-close-clean", trace.meta().property());
        assertTrue(Replay.check(trace).legal(), Replay.check(trace).problems().toString());
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"replay", file.toString()}, new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().contains("counterexample of passive-close-clean"), out.toString());

        // a path that violates nothing is a run that claims nothing, and replays too
        Path run = Files.writeString(dir.resolve("run.itf.json"), get("/api/trace?" + steps(LAST_ACK_RESET.subList(0, 3))).body());
        assertEquals(null, TraceFile.read(run).meta().property());
        assertEquals(0, Main.run(new String[] {"replay", run.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));

        // and uploaded again it walks the same path
        JsonNode loaded = post("/api/trace", download.body()).json();
        assertEquals(LAST_ACK_RESET, strings(loaded.get("path")));
    }

    @Test
    void anUploadThatIsNotATraceOfThisModelIsRefused() throws Exception {
        Answer notJson = post("/api/trace", "{");
        assertEquals(400, notJson.status());
        assertTrue(notJson.json().get("error").asText().startsWith("not a well-formed trace: not JSON"), notJson.body());
        String good = get("/api/trace?" + steps(LAST_ACK_RESET)).body();
        Answer tampered = post("/api/trace", good.replace("\"state\" : \"LISTEN\"", "\"state\" : \"CLOSED\""));
        assertEquals(422, tampered.status(), tampered.body());
        assertTrue(tampered.json().get("error").asText().startsWith("the trace does not replay: "), tampered.body());
        ExploreServer other = start("models/rfc9293.tw", List.of(), 1000);
        try {
            Answer foreign = post("/api/trace", get(other, "/api/trace?step=Close(B)").body());
            assertEquals(422, foreign.status(), foreign.body());
            assertTrue(foreign.json().get("error").asText().startsWith("the trace is of another model"), foreign.body());
        } finally {
            other.close();
        }
    }

    @Test
    void theShortestCounterexampleFromTheInitialStateIsCheckOwn() throws Exception {
        JsonNode found = get("/api/search?" + steps(List.of("Close(B)")) + "&property=passive-close-clean&from=initial").json();
        assertEquals("violated", found.get("verdict").asText(), found.toString());
        assertEquals(LAST_ACK_RESET, strings(found.get("path")), "check's counterexample for this model");
        JsonNode here = get("/api/search?" + steps(List.of("Close(B)")) + "&property=passive-close-clean&from=here").json();
        assertEquals("violated", here.get("verdict").asText(), here.toString());
        assertEquals("Close(B)", here.get("path").get(0).asText(), "the path goes on from here");
        assertEquals(here.get("steps").asInt() + 1, here.get("path").size());
        JsonNode walked = get("/api/state?" + steps(strings(here.get("path")))).json();
        assertTrue(property(walked, "passive-close-clean").get("here").asBoolean(), "the path found ends in the violation");
    }

    @Test
    void aSearchCutShortByItsLimitSaysUnknown() throws Exception {
        ExploreServer small = start("models/no-time-wait.tw", List.of(), 50);
        try {
            JsonNode r = get(small, "/api/search?property=no-stale-accept&from=initial").json();
            assertEquals("unknown", r.get("verdict").asText(), r.toString());
            assertTrue(r.get("summary").asText().startsWith("unknown: no counterexample among the "), r.toString());
        } finally {
            small.close();
        }
    }

    @Test
    void aStateWithNoCounterexampleAheadSaysItHolds(@TempDir Path dir) throws Exception {
        // the alternating-bit protocol of the test sources, with the bit: no message is delivered twice
        Path abp = Files.writeString(dir.resolve("abp.tw"), "model = abp\nmessages = 2\nlossBudget = 1\n");
        ExploreServer other = start(abp.toString(), List.of(), 1_000_000);
        try {
            JsonNode state = get(other, "/api/state").json();
            assertTrue(state.get("state").has("sender"), state.toString());
            assertTrue(state.get("enabled").size() > 0);
            assertFalse(state.get("chart").has("svg"), "the kind draws no SVG");
            assertTrue(state.get("chart").get("text").asText().length() > 0);
            JsonNode r = get(other, "/api/search?property=no-duplicate-delivery&from=initial").json();
            assertEquals("holds", r.get("verdict").asText(), r.toString());
        } finally {
            other.close();
        }
    }

    private static JsonNode property(JsonNode state, String name) {
        for (JsonNode p : state.get("properties")) if (p.get("name").asText().equals(name)) return p;
        throw new AssertionError(name + " not in " + state.get("properties"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
