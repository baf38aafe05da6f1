package text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RomanizationTest {

    @Test
    void aThaiTransliterationHasTheSkeletonOfTheLatinName() {
        assertThat(Romanization.skeleton("ซันไลต์")).isEqualTo(Romanization.skeleton("SUNLIGHT")).isEqualTo("snlt");
        assertThat(Romanization.skeleton("สปาคลีน")).isEqualTo(Romanization.skeleton("Spa Clean"));
        assertThat(Romanization.skeleton("คอลเกต")).isEqualTo(Romanization.skeleton("Colgate"));
        assertThat(Romanization.skeleton("ไฮเตอร์")).isEqualTo(Romanization.skeleton("HAITER"));
        assertThat(Romanization.skeleton("พานาโซนิค")).isEqualTo(Romanization.skeleton("Panasonic"));
        assertThat(Romanization.skeleton("ซัมซุง")).isEqualTo(Romanization.skeleton("SAMSUNG"));
    }

    @Test
    void aSoftCAndAnXAreHeardAsThaiWritesThem() {
        assertThat(Romanization.skeleton("เซตาฟิล")).isEqualTo(Romanization.skeleton("Cetaphil")).isEqualTo("stfl");
        assertThat(Romanization.skeleton("ดูเร็กซ์")).isEqualTo(Romanization.skeleton("Durex")).isEqualTo("drks");
        assertThat(Romanization.skeleton("คอลเกต")).isEqualTo(Romanization.skeleton("Colgate")).isEqualTo("klkt");
    }

    @Test
    void otherWordsHaveOtherSkeletons() {
        assertThat(Romanization.skeleton("ประตู")).isNotEqualTo(Romanization.skeleton("Panasonic"));
        assertThat(Romanization.skeleton("น้ำยาล้างจาน")).isNotEqualTo(Romanization.skeleton("SUNLIGHT"));
        assertThat(Romanization.skeleton("123 - !")).isEmpty();
    }
}
