package dev.foldhub.web;

import jakarta.servlet.MultipartConfigElement;
import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.util.unit.DataSize;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** Puts {@link LimitsProperties} where the servlet container and Jackson enforce them. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    /** Multipart sizes (replacing spring.servlet.multipart.*); going over them is a 413 (ApiExceptionHandler). */
    @Bean
    MultipartConfigElement multipartConfigElement(LimitsProperties limits) {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(limits.maxUploadSize());
        factory.setMaxRequestSize(limits.maxRequestSize());
        // why 0: every part goes to a temporary file, never the heap (an import of 35 x 96 MB runs in -Xmx2g)
        factory.setFileSizeThreshold(DataSize.ofBytes(0));
        return factory.createMultipartConfig();
    }

    /**
     * Boot's JSON mapper builder, on a factory whose read constraints are ours: deep nesting or a huge string in a
     * request body fails while parsing (a 400) instead of using up the stack or the heap.
     */
    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers, LimitsProperties limits) {
        // why: Jackson 3's factories are immutable; the only way to set the constraints is the builder's own factory
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxJsonStringLength())
                .maxDocumentLength(limits.maxBodySize().toBytes())
                .build()).build();
        JsonMapper.Builder builder = JsonMapper.builder(factory);
        customizers.forEach(c -> c.customize(builder));
        return builder;
    }
}
