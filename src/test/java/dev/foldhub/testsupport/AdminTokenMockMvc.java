package dev.foldhub.testsupport;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * {@code @Import} it next to {@code @AutoConfigureMockMvc}: every MockMvc request then carries the test
 * contexts' admin API token, as {@link HttpTestClient} does (a request's own Authorization header wins).
 */
@TestConfiguration(proxyBeanMethods = false)
public class AdminTokenMockMvc {

    @Bean
    MockMvcBuilderCustomizer adminTokenByDefault() {
        return builder -> builder.defaultRequest(get("/").header("Authorization", "Bearer " + HttpTestClient.ADMIN_TOKEN));
    }
}
