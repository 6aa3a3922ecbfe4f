package dev.foldhub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Which requests get the HTML error page for a path nothing serves: a browser's on a dashboard path, nobody else's. */
class PageRequestsTest {

    @Test // guards: a browser (Accept names text/html) on a dashboard path gets the HTML page
    void aBrowserOnADashboardPathWantsAPage() {
        assertThat(PageRequests.wantsPage(request("/nonexistent", "text/html,application/xhtml+xml,*/*;q=0.8"))).isTrue();
        assertThat(PageRequests.wantsPage(request("/experiments/", "text/html"))).isTrue();
    }

    @Test // guards: a program (no Accept, */*, JSON, a malformed Accept) keeps ProblemDetail
    void aProgramKeepsProblemDetail() {
        assertThat(PageRequests.wantsPage(request("/nonexistent", null))).isFalse();
        assertThat(PageRequests.wantsPage(request("/nonexistent", "*/*"))).isFalse();
        assertThat(PageRequests.wantsPage(request("/nonexistent", "application/json"))).isFalse();
        assertThat(PageRequests.wantsPage(request("/nonexistent", "text/html;;q=x, /"))).isFalse();
    }

    @Test // guards: API paths keep ProblemDetail even for a browser
    void apiPathsNeverGetAPage() {
        for (String path : new String[] {"/api", "/api/nonexistent", "/actuator/nothing", "/v3/api-docs/x"}) {
            assertThat(PageRequests.wantsPage(request(path, "text/html"))).as(path).isFalse();
        }
    }

    @Test // guards: the context path is not part of what is matched
    void theContextPathIsLeftOut() {
        MockHttpServletRequest request = request("/foldhub/api/x", "text/html");
        request.setContextPath("/foldhub");
        assertThat(PageRequests.wantsPage(request)).isFalse();
    }

    private static MockHttpServletRequest request(String uri, String accept) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
        if (accept != null) {
            request.addHeader("Accept", accept);
        }
        return request;
    }
}
