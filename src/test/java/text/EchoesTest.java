package text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EchoesTest {

    /** The title's marked tokens as "text:mark", a run of Thai tokens (the tokenizer cuts syllables) as one. */
    private static List<String> marked(String title) {
        List<Token> tokens = TitleTokenizer.tokenize(title);
        byte[] echoes = Echoes.of(title, tokens);
        List<String> marked = new java.util.ArrayList<>();
        int thaiStart = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (echoes[i] == Echoes.THAI && i > 0 && echoes[i - 1] == Echoes.THAI) {
                marked.set(marked.size() - 1, title.substring(thaiStart, tokens.get(i).end()) + ":" + Echoes.THAI);
            } else if (echoes[i] != Echoes.NONE) {
                thaiStart = tokens.get(i).start();
                marked.add(tokens.get(i).text() + ":" + echoes[i]);
            }
        }
        return marked;
    }

    @Test
    void aNameWrittenInBothScriptsIsMarkedOnEachSide() {
        assertThat(marked("แลคตาซอย นมถั่วเหลือง UHT Lactasoy 300 มล.")).containsExactly("แลคตาซอย:3", "Lactasoy:1");
        assertThat(marked("แป้งพัฟ Cathy Doll Speed White เคที่ดอลล์")).containsExactly("Cathy:1", "Doll:2",
                "เคที่ดอลล์:3");
        // Thai words written apart, with one space
        assertThat(marked("Hada Labo Lotion ฮาดะ ลาโบะ 170ml")).containsExactly("Hada:1", "Labo:2", "ฮาดะ ลาโบะ:3");
    }

    @Test
    void aLatinNamesThaiSpellingIsFoundWhereItStarts() {
        String title = "โคโดโม ยาสีฟันเด็ก Kodomo Lion 40 กรัม";
        List<Token> tokens = TitleTokenizer.tokenize(title);
        assertThat(Echoes.thaiStartOf(title, tokens, title.indexOf("Kodomo"))).isZero();
        assertThat(Echoes.thaiStartOf(title, tokens, title.indexOf("Lion"))).as("not echoed").isEqualTo(-1);
        String inner = "แป้งพัฟ Cathy Doll Speed White เคที่ดอลล์";
        assertThat(Echoes.thaiStartOf(inner, TitleTokenizer.tokenize(inner), inner.indexOf("Doll")))
                .isEqualTo(inner.indexOf("เคที่ดอลล์"));
    }

    @Test
    void aSoftCAndAnXAreHeardAsThaiWritesThem() {
        assertThat(marked("Cetaphil เซตาฟิล เจลล้างหน้า")).containsExactly("Cetaphil:1", "เซตาฟิล:3");
        assertThat(marked("ถุงยาง Durex Invisible ดูเร็กซ์")).containsExactly("Durex:1", "ดูเร็กซ์:3");
    }

    @Test
    void aFirstWordThatAddsNoSoundIsLeftOut() {
        // "Oishi Green Tea" and "Green Tea" have one skeleton: the sh of Oishi merges with the G of Green
        assertThat(marked("Oishi Green Tea กรีนที 500ml")).containsExactly("Green:1", "Tea:2", "กรีนที:3");
    }

    @Test
    void titlesInOneScriptAndShortNamesHaveNoEchoes() {
        assertThat(marked("Lactasoy Soy Milk 300ml")).isEmpty();
        assertThat(marked("นมถั่วเหลือง แลคตาซอย 300 มล.")).isEmpty();
        // a skeleton of two consonants matches too many words
        assertThat(marked("ผ้าอนามัย Sofy โซฟี 16 ชิ้น")).isEmpty();
        assertThat(marked("ยาสีฟัน Colgate 150g ดาร์ลี่")).isEmpty();
    }
}
