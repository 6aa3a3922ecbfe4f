package dev.foldhub.security;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** The dashboard's form login looks users up in the users table. */
@Service
class DatabaseUserDetailsService implements UserDetailsService {

    private final Users users;

    DatabaseUserDetailsService(Users users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        Users.Account account = users.account(username)
                .orElseThrow(() -> new UsernameNotFoundException("no user " + username));
        return User.withUsername(account.name()).password(account.passwordHash())
                .authorities(account.role().authority()).build();
    }
}
