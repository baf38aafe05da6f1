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
import processors.TitleBatches;

/**
 * Before the routes start (so before an inbox route can move a new file into {@code .processing/}): the files that a
 * stopped run was reading are moved out of the way, catalogue files ({@link CatalogLoads#recoverInterrupted}) and,
 * where the title inbox runs, title files ({@link TitleBatches#recoverInterrupted}).
 */
@Configuration(proxyBeanMethods = false)
public class InboxRecovery {

    @Bean
    CamelContextConfiguration recoverInboxes(Environment env, ServiceSettings settings, CatalogLoads loads,
                                             TitleBatches titles) {
        Path catalogInbox = inbox(env, "catalog.inbox");
        Path titleInbox = inbox(env, "batch.inbox");
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                try {
                    loads.recoverInterrupted(catalogInbox);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move the catalogue files left in " + catalogInbox
                            + "/.processing by the last run to .error", e);
                }
                if (!settings.apiEnabled()) {
                    return; // no title inbox route (routes.TitleBatchRoutes)
                }
                try {
                    titles.recoverInterrupted(titleInbox);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move the title files left in " + titleInbox
                            + "/.processing by the last run to .error", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    private static Path inbox(Environment env, String property) {
        return Path.of(env.getRequiredProperty(property)).toAbsolutePath().normalize();
    }
}
