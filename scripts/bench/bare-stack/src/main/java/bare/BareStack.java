package bare;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

/**
 * Benchmark only: {@code POST /bare} answers a constant after a parallel multicast over two routes, each a constant
 * behind a circuit breaker. What Camel REST on platform-http costs before any service's own work and settings.
 */
@SpringBootApplication
public class BareStack {

    public static void main(String[] args) {
        SpringApplication.run(BareStack.class, args);
    }

    @Component
    public static class Routes extends RouteBuilder {
        @Override
        public void configure() {
            rest("/bare").post().to("direct:bare");
            from("direct:bare").routeId("bare")
                    .multicast().parallelProcessing().timeout(12000).to("direct:first", "direct:second").end()
                    .setBody(constant("{\"brand\":\"ACME\",\"confidence\":0.9}"));
            from("direct:first").routeId("first").circuitBreaker().setBody(constant("first")).end();
            from("direct:second").routeId("second").circuitBreaker().setBody(constant("second")).end();
        }
    }
}
