package support;

import app.Application;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A whole service started as a user starts it (profile and properties), on a free port; closing stops it. */
public final class ServiceInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ServiceInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceInstance start(String profile, Map<String, String> properties) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(Application.class).profiles(profile);
        return new ServiceInstance(builder.run(args.toArray(String[]::new)));
    }

    /**
     * Settings that give a service its own directories under {@code work} (data, catalogue and title inboxes, outbox,
     * routes), so that it shares nothing with other instances; a mutable map to add settings to.
     */
    public static Map<String, String> ownDirectories(java.nio.file.Path work) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("data.dir", work.resolve("data").toString());
        properties.put("catalog.inbox", work.resolve("inbox").toString());
        properties.put("batch.inbox", work.resolve("titles").toString());
        properties.put("batch.outbox", work.resolve("results").toString());
        properties.put("routes.dir", work.resolve("routes").toString());
        return properties;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Http http() {
        return Http.onPort(port());
    }

    public String url() {
        return "http://localhost:" + port();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
