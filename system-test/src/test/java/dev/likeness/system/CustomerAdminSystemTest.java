package dev.likeness.system;

import dev.likeness.cli.DemoBackendClient;
import dev.likeness.crypto.PemKeys;
import dev.likeness.demo.DemoAdminClient;
import dev.likeness.launcher.DemoCustomer;
import dev.likeness.proto.v1.ErrorCode;
import dev.likeness.proto.v1.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.Optional;

import static dev.likeness.system.Sessions.faces;
import static dev.likeness.system.Sessions.newUsername;
import static dev.likeness.system.Sessions.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The customer admin API on the real stack: erasure, unlock, refused callers, the audit. */
@ExtendWith(RunningStack.class)
class CustomerAdminSystemTest {

    static DemoAdminClient admin(RunningStack.Stack stack) throws Exception {
        return new DemoAdminClient(stack.customer().loadAuthorizationPrivateKey(),
                URI.create(stack.ports().adminUrl()), Optional.of(stack.customer().tls().caCertificate()));
    }

    @Test
    void anErasedUserIsNotFoundAndMayEnrollAgain(RunningStack.Stack stack) throws Exception {
        String user = newUsername("erased");
        assertThat(run(stack, Operation.ENROLL, user, faces("grace-hopper"), "open an account").finished()).isTrue();

        // What `./likeness erase --username` does: the customer's backend calls the admin API.
        var answer = new DemoBackendClient(URI.create(stack.ports().demoBackendUrl())).erase(user);
        assertThat(answer.path("erased").asBoolean()).isTrue();

        assertThat(run(stack, Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay").error())
                .contains(ErrorCode.SERVER_USER_NOT_FOUND);
        assertThat(run(stack, Operation.ENROLL, user, faces("grace-hopper"), "open an account again").finished()).isTrue();
    }

    @Test
    void aLockedOutUserIsUnlockedByTheCustomer(RunningStack.Stack stack) throws Exception {
        String user = newUsername("unlocked");
        assertThat(run(stack, Operation.ENROLL, user, faces("grace-hopper"), "open an account").finished()).isTrue();
        for (int attempt = 1; attempt <= 5; attempt++) {
            run(stack, Operation.AUTH, user, faces("eileen-collins"), "pay");
        }
        assertThat(run(stack, Operation.AUTH, user, faces("grace-hopper-second-photo"),
                "pay").error()).contains(ErrorCode.SERVER_USER_LOCKED_OUT);
        assertThat(admin(stack).unlock(DemoCustomer.NAME, user, "support@demo.example").status()).isEqualTo(200);
        assertThat(run(stack, Operation.AUTH, user, faces("grace-hopper-second-photo"), "pay").finished()).isTrue();
    }

    @Test
    void callersWithoutTheCustomersAdminTokenAreRefusedAndEveryCallIsAudited(RunningStack.Stack stack) throws Exception {
        DemoAdminClient admin = admin(stack);
        String path = "/customers/" + DemoCustomer.NAME + "/users/nobody";
        assertThat(admin.call("DELETE", path, null).status()).as("no token").isEqualTo(401);
        String userToken = stack.backend().mintUserToken("nobody", "auth", "td");
        assertThat(admin.call("DELETE", path, userToken).status()).as("a user token is no admin token").isEqualTo(401);
        String adminToken = admin.mintAdminToken("auditor@demo.example");
        assertThat(admin.call("DELETE", path, adminToken).status()).isEqualTo(200);
        assertThat(admin.call("DELETE", path, adminToken).status()).as("replayed").isEqualTo(401);
        assertThat(admin.call("DELETE", "/customers/acme/users/nobody", admin.mintAdminToken("auditor@demo.example")).status())
                .as("the demo customer's key is not acme's").isEqualTo(401);

        var audit = admin.call("GET", "/customers/" + DemoCustomer.NAME + "/audit", admin.mintAdminToken("auditor@demo.example"));
        assertThat(audit.status()).isEqualTo(200);
        var records = audit.body().path("records");
        assertThat(records.findValuesAsText("actor")).contains("auditor@demo.example", "(refused)");
        assertThat(records.toString()).doesNotContain(adminToken).doesNotContain(userToken);
        // Read a page at a time, filtered: one erase record, then the one before it.
        var page = admin.call("GET", "/customers/" + DemoCustomer.NAME + "/audit?limit=1&action=erase",
                admin.mintAdminToken("auditor@demo.example")).body();
        assertThat(page.path("records").findValuesAsText("action")).containsExactly("erase");
        var next = admin.call("GET", "/customers/" + DemoCustomer.NAME + "/audit?limit=1&action=erase&before=" + page.path("next").asLong(),
                admin.mintAdminToken("auditor@demo.example")).body();
        assertThat(next.path("records").get(0).path("id").asLong()).isLessThan(page.path("records").get(0).path("id").asLong());

        var keys = admin.call("GET", "/customers/" + DemoCustomer.NAME + "/image-keys", admin.mintAdminToken("auditor@demo.example"));
        assertThat(keys.body().path("keys").findValuesAsText("keyId")).containsExactly(DemoCustomer.IMAGE_KEY_ID);
        assertThat(keys.body().path("keys").get(0).path("retired").asBoolean(true)).isFalse();
        assertThat(keys.body().path("keys").get(0).path("state").asText()).as("the id clients should use now").isEqualTo("current");
        assertThat(PemKeys.parsePublicKey(keys.body().path("keys").get(0).path("publicKey").asText()))
                .as("with the public key to hand them").isEqualTo(stack.customer().loadImagePublicKey());
    }
}
