package dev.foldhub.security;

import dev.foldhub.errors.ConflictException;
import dev.foldhub.errors.InvalidInputException;
import dev.foldhub.errors.NotFoundException;
import dev.foldhub.web.ResourceName;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The users table: dashboard accounts with a hashed password and a role. */
@Service
public class Users {

    static final int MIN_PASSWORD_LENGTH = 8;
    /** bcrypt reads at most 72 bytes of a password; Spring Security refuses longer ones rather than cut them. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** A user as stored, for the login check. */
    record Account(String name, String passwordHash, Role role) {
    }

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;

    public Users(JdbcClient jdbc, PasswordEncoder encoder, Clock clock) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
    }

    @Transactional
    public UserView create(String name, String password, String role) {
        ResourceName.check(name);
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (tooLong(password)) {
            throw new InvalidInputException("password", "must be at most " + MAX_PASSWORD_BYTES
                    + " bytes in UTF-8 (bcrypt's limit), got " + password.getBytes(StandardCharsets.UTF_8).length);
        }
        if (role == null) {
            throw new InvalidInputException("role", "is required: viewer, member, admin or worker");
        }
        Role parsed = Role.parse(role, "role");
        if (account(name).isPresent()) {
            throw InvalidInputException.duplicate("name", "a user named '" + name + "' already exists");
        }
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS));
        jdbc.sql("INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)")
                .params(name, encoder.encode(password), parsed.key(), now).update();
        return jdbc.sql("SELECT * FROM users WHERE username = ?").param(name).query(Users::view).single();
    }

    public List<UserView> list() {
        return jdbc.sql("SELECT * FROM users ORDER BY id").query(Users::view).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
    }

    /** Deletes a user; the last admin stays (409), so someone can always manage users and tokens. */
    @Transactional
    public void delete(long id) {
        UserView user = jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(Users::view).optional()
                .orElseThrow(() -> new NotFoundException("user", id));
        if (user.role().equals(Role.ADMIN.key())) {
            // why: two admins deleted at once must not both count the other as the one left; locking every admin row
            // makes the second wait for the first to commit, and it then sees (PostgreSQL and H2 alike) one admin fewer
            List<Long> admins = jdbc.sql("SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE")
                    .query(Long.class).list();
            if (!admins.contains(id)) {
                throw new NotFoundException("user", id);
            }
            if (admins.size() == 1) {
                throw new ConflictException("user " + user.name() + " is the last admin");
            }
        }
        if (jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update() == 0) {
            throw new NotFoundException("user", id);
        }
    }

    /** Whether the user still exists with this role: a dashboard session of a deleted or changed user ends. */
    boolean exists(String name, Role role) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE username = ? AND role = ?").params(name, role.key())
                .query(Long.class).single() > 0;
    }

    static boolean tooLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES;
    }

    Optional<Account> account(String name) {
        return jdbc.sql("SELECT username, password_hash, role FROM users WHERE username = ?").param(name)
                .query((rs, n) -> new Account(rs.getString("username"), rs.getString("password_hash"),
                        Role.parse(rs.getString("role"), "role")))
                .optional();
    }

    private static UserView view(ResultSet rs, int row) throws SQLException {
        return new UserView(rs.getLong("id"), rs.getString("username"), rs.getString("role"),
                rs.getTimestamp("created_at").toInstant());
    }
}
