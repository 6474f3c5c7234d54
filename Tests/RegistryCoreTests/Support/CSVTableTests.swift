import RegistryCore
import Testing

/// Exported cells never run as formulas in a spreadsheet, whatever they start with.
@Suite("CSV cells are defused and quoted")
struct CSVTableTests {
    @Test(
        "a cell starting a formula — ASCII or full-width sign, or a blank before one — gets a leading apostrophe",
        arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "＝1+1", "＋1", "－1", "＠SUM(A1)", " =1+1", "\t=1", "\r=1", "\n=1"]
    )
    func defused(_ value: String) {
        let cell = CSVTable.cell(value)
        let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
        #expect(unquoted.hasPrefix("'"), "\(value.debugDescription) → \(cell.debugDescription)")
    }

    @Test("ordinary text stays as it is; commas, quotes and line breaks are quoted")
    func quoted() {
        #expect(CSVTable.cell("新城区卫生健康委员会") == "新城区卫生健康委员会")
        #expect(CSVTable.cell("a,b") == "\"a,b\"")
        #expect(CSVTable.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVTable.cell("\n=1") == "\"'\n=1\"")
    }
}
