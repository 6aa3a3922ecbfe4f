package dev.foldhub.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JacksonModule;

/** Puts {@link NulCharacters} where requests are read: Boot's JSON mapper (a module bean) and Spring MVC. */
@Configuration(proxyBeanMethods = false)
class NulCharacterConfiguration implements WebMvcConfigurer {

    @Bean
    JacksonModule noNulCharacters() {
        return NulCharacters.jsonModule();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(NulCharacters.parameterInterceptor());
    }
}
