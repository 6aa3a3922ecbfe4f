package dev.foldhub.worker;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foldhub.errors.ProblemTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How an agent reads the server's answer: by the ProblemDetail type, not by 403/409 alone. */
class ServerAnswerTest {

    private static byte[] problem(String type, int status, String detail) {
        return ("{\"type\": \"" + type + "\", \"status\": " + status + ", \"detail\": \"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    // guards item 4: the lease-lost type stops the job whatever its status; a plain 409 or 403 is a refusal that
    // fails the job with the server's detail (before: every 403/409 read as a lost lease)
    @Test
    void onlyTheLeaseLostTypeIsALostLeaseAndOtherRefusalsCarryTheServersDetail() {
        String lost = ProblemTypes.LEASE_LOST.toString();
        assertThatThrownBy(() -> ServerAnswer.check("POST /heartbeat", 409, problem(lost, 409, "the lease of job 3 is lost")))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ServerAnswer.check("POST /heartbeat", 403, problem(lost, 403, "not leased to worker 'a'")))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> ServerAnswer.check("POST /complete", 409,
                problem(ProblemTypes.RESULT_MISSING.toString(), 409, "fold 0 has no stored result")))
                .isInstanceOf(RequestRejectedException.class).hasMessage("POST /complete refused (409): fold 0 has no stored result");
        assertThatThrownBy(() -> ServerAnswer.check("GET /task", 403, problem("about:blank", 403, "belongs to another token")))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("belongs to another token");
        assertThatThrownBy(() -> ServerAnswer.check("GET /task", 422, "not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RequestRejectedException.class).hasMessageContaining("not json");
    }

    // guards item 4: 5xx and 429 are worth retrying; 2xx passes
    @Test
    void serverErrorsAreRetriableAndSuccessPasses() {
        assertThatThrownBy(() -> ServerAnswer.check("GET /task", 500, new byte[0])).isInstanceOf(ServerUnavailableException.class);
        assertThatThrownBy(() -> ServerAnswer.check("GET /task", 429, new byte[0])).isInstanceOf(ServerUnavailableException.class);
        assertThatCode(() -> ServerAnswer.check("GET /task", 204, new byte[0])).doesNotThrowAnyException();
    }
}
