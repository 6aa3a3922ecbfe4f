package dev.foldhub.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The two database failures a caller is not to blame for and should not see as a 500: a unique name taken by a
 * concurrent request (409, like the service's own check would have said) and a database that cannot be reached
 * (503 after the pool's connection timeout, worth retrying). MLflow's error handler asks the same questions.
 */
public final class StoreFailures {

    /** SQLState of a unique-constraint violation on PostgreSQL and H2. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** SQLState classes of a lost or refused connection (08: connection exception, 57P: operator intervention). */
    private static final String[] UNAVAILABLE_STATES = {"08", "57P"};
    /** Hikari's answer on a pooled connection it closed after a connection error. */
    private static final String HIKARI_EVICTED = "Connection is closed";
    /** The unique constraints whose column a user chooses, by the field the request called it. */
    private static final Map<String, String> FIELDS = Map.of(
            "users_username_uq", "name",
            "uq_datasets_name", "name",
            "mlflow_experiments_name_uq", "name");

    private StoreFailures() {
    }

    /** Whether {@code e} is a violated unique constraint (a concurrent create of the same name). */
    public static boolean isUniqueViolation(Throwable e) {
        if (e instanceof DuplicateKeyException) {
            return true;
        }
        return e instanceof DataIntegrityViolationException && UNIQUE_VIOLATION.equals(sqlState(e));
    }

    /** Whether {@code e} says the database cannot be reached (no connection within the pool's timeout, or lost). */
    public static boolean isUnavailable(Throwable e) {
        if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException
                || e instanceof TransientDataAccessResourceException || e instanceof QueryTimeoutException) {
            return true;
        }
        String state = sqlState(e);
        if (state != null) {
            for (String prefix : UNAVAILABLE_STATES) {
                if (state.startsWith(prefix)) {
                    return true;
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            // why: Hibernate wraps the pool's timeout in its own JDBCConnectionException (not a Spring DAO type)
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            // why: a transaction whose connection broke ends in a failed rollback (it replaces the first error); Hikari
            // has evicted that connection and answers every call on it with this, without a SQLState
            if (t instanceof SQLException sql && sql.getSQLState() == null && HIKARI_EVICTED.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** The 409 of a unique name lost to a concurrent request; "field" when the constraint is a user-chosen name. */
    static ProblemDetail conflict(Throwable e) {
        String field = field(e);
        String detail = (field == null ? "a unique value" : field) + " is already taken (by a request at the same time)";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle("Conflict");
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** The 503 of a database that cannot be reached. */
    static ProblemDetail unavailable() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the database cannot be reached; try again shortly");
        problem.setTitle("Database unavailable");
        return problem;
    }

    /** The field a violated constraint stands for, found by its name in the driver's message. */
    public static String field(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> constraint : FIELDS.entrySet()) {
                if (message.contains(constraint.getKey())) {
                    return constraint.getValue();
                }
            }
        }
        return null;
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
