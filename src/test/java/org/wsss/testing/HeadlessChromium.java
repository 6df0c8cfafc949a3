package org.wsss.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium driven over the DevTools protocol (JDK HTTP and WebSocket clients, no other library):
 * opens a page, records console errors, failed loads and every requested URL, checks the page's images and takes
 * a full-page screenshot. The browser is found at {@code -Dwsss.chromium=PATH} or the usual Debian paths.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final String EXECUTABLE_PROPERTY = "wsss.chromium";
    public static final String INSTALL_HINT = "apt-get update && apt-get install -y chromium";
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String PORT_FILE = "DevToolsActivePort";
    private static final int VIEWPORT_WIDTH = 1280;
    private static final int VIEWPORT_HEIGHT = 900;
    /** Screenshots of very long pages are cut here; Chromium refuses textures beyond about 16k pixels. */
    private static final int MAX_SCREENSHOT_HEIGHT = 12_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGES_SCRIPT = "JSON.stringify(Array.from(document.images).map(i => "
            + "({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0})))";

    /** What a visit found; {@code images} maps each image's src to whether it loaded. */
    public record Visit(List<String> consoleErrors, List<String> requestedUrls, Map<String, Boolean> images,
                        String title, byte[] screenshotPng) {}

    private final Process process;
    private final Path log;
    private final DevTools devTools;

    private HeadlessChromium(Process process, Path log, DevTools devTools) {
        this.process = process;
        this.log = log;
        this.devTools = devTools;
    }

    public static Path executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY);
        if (configured != null) return Path.of(configured);
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Chromium found at " + CANDIDATES
                        + " (install it with `" + INSTALL_HINT + "` or set -D" + EXECUTABLE_PROPERTY + ")"));
    }

    /** Starts a browser with a fresh profile in {@code workDir}. */
    public static HeadlessChromium start(Path workDir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(workDir.resolve("profile"));
        Path log = workDir.resolve("chromium.log");
        Process process = new ProcessBuilder(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "about:blank")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            int port = awaitPort(profile.resolve(PORT_FILE), process, log);
            return new HeadlessChromium(process, log, DevTools.connect(pageSocket(port)));
        } catch (IOException | RuntimeException | InterruptedException e) {
            stop(process);
            throw e;
        }
    }

    /** Opens {@code page} and waits for its load event, then checks it and takes a screenshot. */
    public Visit visit(Path page) throws IOException, InterruptedException {
        devTools.call("Runtime.enable", Map.of());
        devTools.call("Log.enable", Map.of());
        devTools.call("Network.enable", Map.of());
        devTools.call("Page.enable", Map.of());
        devTools.call("Emulation.setDeviceMetricsOverride", Map.of("width", VIEWPORT_WIDTH, "height",
                VIEWPORT_HEIGHT, "deviceScaleFactor", 1, "mobile", false));
        int mark = devTools.eventCount();
        JsonNode navigated = devTools.call("Page.navigate", Map.of("url", page.toUri().toString()));
        if (navigated.hasNonNull("errorText")) throw new IOException("navigation failed: " + navigated.get("errorText"));
        devTools.awaitEvent("Page.loadEventFired", mark);

        JsonNode evaluated = devTools.call("Runtime.evaluate", Map.of("expression", IMAGES_SCRIPT, "returnByValue", true));
        Map<String, Boolean> images = new java.util.LinkedHashMap<>();
        for (JsonNode image : JSON.readTree(evaluated.path("result").path("value").asText("[]"))) {
            images.put(image.path("src").asText(), image.path("loaded").asBoolean());
        }
        String title = devTools.call("Runtime.evaluate", Map.of("expression", "document.title", "returnByValue", true))
                .path("result").path("value").asText();

        JsonNode size = devTools.call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        int width = (int) Math.ceil(size.path("width").asDouble(VIEWPORT_WIDTH));
        int height = (int) Math.min(MAX_SCREENSHOT_HEIGHT, Math.ceil(size.path("height").asDouble(VIEWPORT_HEIGHT)));
        JsonNode shot = devTools.call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        byte[] png = Base64.getDecoder().decode(shot.path("data").asText());

        List<String> errors = new ArrayList<>();
        List<String> requested = new ArrayList<>();
        for (JsonNode event : devTools.eventsSince(mark)) {
            String method = event.path("method").asText();
            JsonNode params = event.path("params");
            switch (method) {
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asText();
                    if (type.equals("error") || type.equals("assert")) errors.add("console." + type + ": " + params.path("args"));
                }
                case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
                case "Log.entryAdded" -> {
                    if (params.path("entry").path("level").asText().equals("error")) {
                        errors.add("log: " + params.path("entry").path("text").asText() + " "
                                + params.path("entry").path("url").asText());
                    }
                }
                case "Network.requestWillBeSent" -> requested.add(params.path("request").path("url").asText());
                case "Network.loadingFailed" -> errors.add("failed load: " + params);
                default -> { }
            }
        }
        return new Visit(errors, requested, images, title, png);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        devTools.close();
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The renderer and helper processes end with the browser; any left over were started by this browser.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int awaitPort(Path portFile, Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(portFile)) {
                List<String> lines = Files.readAllLines(portFile);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) return Integer.parseInt(lines.get(0).trim());
            }
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium did not open its DevTools port within " + START_TIMEOUT);
    }

    private static URI pageSocket(int port) throws IOException, InterruptedException {
        HttpResponse<String> list = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).timeout(CALL_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        for (JsonNode target : JSON.readTree(list.body())) {
            if (target.path("type").asText().equals("page")) return URI.create(target.path("webSocketDebuggerUrl").asText());
        }
        throw new IOException("Chromium lists no page target: " + list.body());
    }

    /** One DevTools WebSocket: numbered calls answered by id, events kept in arrival order. */
    private static final class DevTools implements WebSocket.Listener {
        private final AtomicInteger nextId = new AtomicInteger(1);
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final List<JsonNode> events = new ArrayList<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static DevTools connect(URI uri) {
            DevTools devTools = new DevTools();
            devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CALL_TIMEOUT)
                    .buildAsync(uri, devTools).join();
            return devTools;
        }

        JsonNode call(String method, Map<String, Object> params) throws IOException, InterruptedException {
            int id = nextId.getAndIncrement();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
            message.set("params", JSON.valueToTree(params));
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode response;
            try {
                response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IOException(method + " got no answer", e);
            }
            if (response.has("error")) throw new IOException(method + " failed: " + response.get("error"));
            return response.path("result");
        }

        synchronized int eventCount() {
            return events.size();
        }

        synchronized List<JsonNode> eventsSince(int mark) {
            return List.copyOf(events.subList(mark, events.size()));
        }

        synchronized void awaitEvent(String method, int mark) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
            while (events.subList(mark, events.size()).stream().noneMatch(e -> e.path("method").asText().equals(method))) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) throw new IOException("no " + method + " within " + CALL_TIMEOUT);
                wait(left);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) answer.complete(message);
                    } else {
                        synchronized (this) {
                            events.add(message);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    pending.values().forEach(p -> p.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }

        void close() {
            if (socket != null) socket.abort();
        }
    }
}
