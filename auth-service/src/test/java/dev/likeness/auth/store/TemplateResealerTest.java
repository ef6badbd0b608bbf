package dev.likeness.auth.store;

import dev.likeness.auth.template.FaceTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import javax.crypto.SecretKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A template-key rotation on a real (embedded) PostgreSQL: every row moves to the new key, none is lost. */
class TemplateResealerTest {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    static final FaceTemplate TEMPLATE = TemplateStoreTest.TEMPLATE;

    @Test
    void aRotationMovesEveryTemplateToTheNewKeyAndTheOldKeyCanGo() throws Exception {
        TemplateStore store = new TemplateStore(database.pool());
        try (var connection = database.pool().getConnection(); var statement = connection.createStatement()) {
            statement.execute("DELETE FROM auth.templates"); // this test counts every row; the others leave some
        }
        SecretKey oldKey = TemplateStoreTest.aesKey();
        SecretKey newKey = TemplateStoreTest.aesKey();
        TemplateSealer before = new TemplateSealer(oldKey);
        // More rows than a page, across two customers, so paging in key order is exercised.
        int users = TemplateResealer.PAGE + 50;
        for (int i = 0; i < users; i++) {
            String customer = i % 2 == 0 ? "acme" : "demo";
            store.enroll(customer, "user-" + i, before.seal(customer, "user-" + i, TEMPLATE));
        }
        // A row no configured key opens: counted, left as it is.
        store.enroll("demo", "orphan", new TemplateSealer(TemplateStoreTest.aesKey()).seal("demo", "orphan", TEMPLATE));

        TemplateSealer during = new TemplateSealer(newKey, List.of(oldKey));
        assertThat(during.open("acme", "user-0", store.find("acme", "user-0").orElseThrow()))
                .as("users are served before the re-seal").usingRecursiveComparison().isEqualTo(TEMPLATE);
        store.enroll("demo", "new-user", during.seal("demo", "new-user", TEMPLATE));

        TemplateResealer.Report report = new TemplateResealer(store, during).resealAll();

        assertThat(report).isEqualTo(new TemplateResealer.Report(users, 1, 0, 1));
        TemplateSealer after = new TemplateSealer(newKey);
        for (int i = 0; i < users; i++) {
            String customer = i % 2 == 0 ? "acme" : "demo";
            assertThat(after.open(customer, "user-" + i, store.find(customer, "user-" + i).orElseThrow()))
                    .as("user-%d opens with the new key alone", i).usingRecursiveComparison().isEqualTo(TEMPLATE);
        }
        assertThat(new TemplateResealer(store, during).resealAll())
                .as("a second run (another instance, the next start) has nothing to move")
                .isEqualTo(new TemplateResealer.Report(0, users + 1, 0, 1));
    }

    @Test
    void aRowChangedWhileItIsResealedKeepsTheChange() throws Exception {
        TemplateStore store = new TemplateStore(database.pool());
        SecretKey oldKey = TemplateStoreTest.aesKey();
        SecretKey newKey = TemplateStoreTest.aesKey();
        byte[] stale = new TemplateSealer(oldKey).seal("demo", "racing", TEMPLATE);
        store.enroll("demo", "racing", stale);
        byte[] reenrolled = new TemplateSealer(newKey).seal("demo", "racing", TEMPLATE);
        assertThat(store.replace("demo", "racing", stale, reenrolled)).isTrue();

        // What a re-seal that read the row before the re-enrollment would then write: refused.
        byte[] resealedStale = new TemplateSealer(newKey, List.of(oldKey)).resealed("demo", "racing", stale).orElseThrow();
        assertThat(store.reseal("demo", "racing", stale, resealedStale)).isFalse();
        assertThat(store.find("demo", "racing")).contains(reenrolled);
    }

    @Test
    void aTemplateSealedForAnotherUserOpensWithNoKey() throws Exception {
        SecretKey oldKey = TemplateStoreTest.aesKey();
        TemplateSealer sealer = new TemplateSealer(TemplateStoreTest.aesKey(), List.of(oldKey));
        byte[] graces = new TemplateSealer(oldKey).seal("demo", "grace", TEMPLATE);
        assertThatThrownBy(() -> sealer.open("demo", "mallory", graces)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.resealed("demo", "mallory", graces)).isInstanceOf(IllegalStateException.class);
    }
}
