package text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TitleTokenizerTest {

    private static List<String> texts(String title) {
        return TitleTokenizer.tokenize(title).stream().map(Token::text).toList();
    }

    @Test
    void segmentsThaiRunsIntoWords() {
        assertThat(texts("ซีเมนต์ซ่อมแซมโครงสร้าง จระเข้ 20 Kg."))
                .containsExactly("ซีเมนต์", "ซ่อมแซม", "โครงสร้าง", "จระเข้", "20", "Kg");
    }

    @Test
    void splitsLatinGluedToThaiAndKeepsModelNumbersWhole() {
        List<Token> tokens = TitleTokenizer.tokenize("HUMMERบันได GW2785TC 27นิ้ว 2.5 แกลลอน");
        assertThat(tokens).extracting(Token::text)
                .containsExactly("HUMMER", "บันได", "GW2785TC", "27", "นิ้ว", "2.5", "แกลลอน");
        assertThat(tokens).extracting(Token::shape).containsExactly("XX", "TH", "Xd", "d", "TH", "d.d", "TH");
        assertThat(tokens.get(0).start()).isZero();
        assertThat(tokens.get(0).end()).isEqualTo(6);
        assertThat(tokens.get(1).start()).isEqualTo(6);
    }

    @Test
    void keepsApostrophesAndHyphensInsideWords() {
        assertThat(texts("DE'COS ม่าน, ECO-DOOR - door (white)")).containsExactly("DE'COS", "ม่าน", "ECO-DOOR", "door",
                "white");
        assertThat(TitleTokenizer.tokenize("Wonder smile kid").stream().map(Token::shape))
                .containsExactly("Xx", "xx", "xx");
    }
}
