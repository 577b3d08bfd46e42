package dev.attune.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoreNamesTest {

    @Test
    void shouldNameAStoresChangelogTopicAndTellTheStoreBackFromIt() {
        String topic = StoreNames.changelogTopic("attune-app", StoreNames.USER_INTERESTS);

        assertThat(topic).isEqualTo("attune-app-user-interests-changelog");
        assertThat(StoreNames.isChangelogTopic(topic)).isTrue();
        assertThat(StoreNames.storeOfChangelogTopic("attune-app", topic)).isEqualTo(StoreNames.USER_INTERESTS);
        assertThat(StoreNames.isChangelogTopic("attune-app-recommendations")).isFalse();
        assertThatThrownBy(() -> StoreNames.storeOfChangelogTopic("other-app", topic))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("other-app");
    }
}
