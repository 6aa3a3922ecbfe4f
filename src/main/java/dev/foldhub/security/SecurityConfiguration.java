package dev.foldhub.security;

import jakarta.servlet.DispatcherType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * Who may call what. Bearer API tokens for programs, form login with a session (and CSRF) for the
 * dashboard. Roles admin &gt; member &gt; viewer; worker only reaches the worker API. The table in the
 * README's Security section says the same; RoleMatrixTest checks every endpoint against it.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    private static final String VIEWER = Role.VIEWER.name();
    private static final String MEMBER = Role.MEMBER.name();
    private static final String ADMIN = Role.ADMIN.name();
    private static final String WORKER = Role.WORKER.name();

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, ApiTokens tokens, Users users, LoginThrottle throttle)
            throws Exception {
        ApiSecurityProblems problems = new ApiSecurityProblems();
        AuthenticationEntryPoint login = new LoginUrlAuthenticationEntryPoint("/login");
        AccessDeniedHandler forbiddenPage = new AccessDeniedHandlerImpl();
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        // why: only a dashboard page is worth returning to after login; API calls must not create sessions
        requestCache.setRequestMatcher(request -> "GET".equals(request.getMethod()) && !ApiPaths.isApi(request));
        http
                .authorizeHttpRequests(auth -> auth
                        // the original request was authorized already; SSE and error pages dispatch again
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/login", "/error",
                                "/css/**", "/js/**", "/webjars/**", "/favicon.ico").permitAll()
                        .requestMatchers("/api/agent/**").hasAnyRole(WORKER, ADMIN)
                        .requestMatchers("/api/tokens/**", "/api/users/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/workers/*/retire").hasRole(ADMIN)
                        // MLflow clients search with POST; reading is a viewer's right
                        .requestMatchers(HttpMethod.POST, "/api/2.0/mlflow/experiments/search",
                                "/api/2.0/mlflow/runs/search").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole(VIEWER)
                        .requestMatchers("/api/**").hasRole(MEMBER)
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(VIEWER)
                        .requestMatchers(HttpMethod.HEAD, "/**").hasRole(VIEWER)
                        .anyRequest().hasRole(MEMBER))
                .addFilterBefore(new BearerTokenFilter(tokens, problems), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new SessionUserCheck(users, problems), SecurityContextHolderFilter.class)
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new CsrfRequirement()))
                .formLogin(form -> form.loginPage("/login").permitAll()
                        .successHandler(countedSuccess(throttle, requestCache))
                        .failureHandler(countedFailure(throttle)))
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                (ApiPaths.isApi(request) ? problems : login).commence(request, response, ex))
                        .accessDeniedHandler((request, response, ex) ->
                                (ApiPaths.isApi(request) ? problems : forbiddenPage).handle(request, response, ex)));
        return http.build();
    }

    /** A successful login clears the name's failures, then returns to the page that asked for it (as by default). */
    private static AuthenticationSuccessHandler countedSuccess(LoginThrottle throttle, HttpSessionRequestCache requestCache) {
        SavedRequestAwareAuthenticationSuccessHandler delegate = new SavedRequestAwareAuthenticationSuccessHandler();
        delegate.setRequestCache(requestCache);
        return (request, response, authentication) -> {
            throttle.succeeded(authentication.getName());
            delegate.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** A failed login counts for its name and address (LoginThrottle), then shows the login page's error as by default. */
    private static AuthenticationFailureHandler countedFailure(LoginThrottle throttle) {
        SimpleUrlAuthenticationFailureHandler delegate = new SimpleUrlAuthenticationFailureHandler("/login?error");
        return (request, response, exception) -> {
            throttle.failed(request.getParameter("username"), request.getRemoteAddr());
            delegate.onAuthenticationFailure(request, response, exception);
        };
    }

    /**
     * No Spring Security observations (one around each filter of the chain, one per authorization): in a profile of
     * the worker API they were 10-15% of a request's CPU, for meters nobody reads. Requests stay timed
     * (http.server.requests).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(ADMIN).implies(MEMBER)
                .role(MEMBER).implies(VIEWER)
                .build();
    }

    /**
     * bcrypt (by id, as Spring Security stores it). A password over 72 bytes never matches: no user can have one
     * (Users refuses it), and bcrypt would otherwise compare only its first 72 bytes.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return bcrypt.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                return raw != null && !Users.tooLong(raw.toString()) && bcrypt.matches(raw, encoded);
            }

            @Override
            public boolean upgradeEncoding(String encoded) {
                return bcrypt.upgradeEncoding(encoded);
            }
        };
    }
}
