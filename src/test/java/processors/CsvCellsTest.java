package processors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @Test
    void cellsASpreadsheetWouldRunAsFormulasBecomeText() {
        assertThat(CsvCells.safe(Arrays.asList("=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "Colgate", "ยาสีฟัน",
                "", "a=b"))).containsExactly("'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tx", "'\rx", "Colgate",
                "ยาสีฟัน", "", "a=b");
        assertThat(CsvCells.safe((String) null)).isNull();
    }
}
