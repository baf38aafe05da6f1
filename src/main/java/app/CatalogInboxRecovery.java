package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import processors.CatalogLoads;

/**
 * Before the routes start (so before the inbox route can move a new file into {@code .processing/}): catalogue files
 * that a stopped run was loading are moved out of the way ({@link CatalogLoads#recoverInterrupted}).
 */
@Configuration(proxyBeanMethods = false)
public class CatalogInboxRecovery {

    @Bean
    CamelContextConfiguration recoverCatalogInbox(Environment env, CatalogLoads loads) {
        Path inbox = Path.of(env.getRequiredProperty("catalog.inbox")).toAbsolutePath().normalize();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                try {
                    loads.recoverInterrupted(inbox);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move the catalogue files left in " + inbox
                            + "/.processing by the last run to .error", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}
