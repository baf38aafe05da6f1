package app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import processors.CatalogLoads;
import processors.TitleBatches;
import settings.ApiSettings;
import settings.FilesSettings;

/**
 * Before the routes start (so before an inbox route can move a new file into {@code .processing/}): the files that a
 * stopped run was reading are moved out of the way, catalogue files ({@link CatalogLoads#recoverInterrupted}) and,
 * where the title inbox runs, title files ({@link TitleBatches#recoverInterrupted}).
 */
@Configuration(proxyBeanMethods = false)
public class InboxRecovery {

    @Bean
    CamelContextConfiguration recoverInboxes(FilesSettings files, ApiSettings api, CatalogLoads loads,
                                             TitleBatches titles) {
        Path catalogInbox = files.catalog().inbox().toAbsolutePath().normalize();
        Path titleInbox = files.batch().inbox().toAbsolutePath().normalize();
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                try {
                    loads.recoverInterrupted(catalogInbox);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move the catalogue files left in " + catalogInbox
                            + "/.processing by the last run to .error", e);
                }
                if (!api.inference().enabled()) {
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
}
