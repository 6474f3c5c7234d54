import Postgres
import Testing

@Suite("SQL interpolation binds every value")
struct SQLTests {
    @Test("values become numbered parameters, never text")
    func valuesBecomeParameters() {
        let code = "150000"
        let hostile = "'); DROP TABLE x; --"
        let query: SQL = "select * from division where code = \(code) and name = \(hostile)"
        let (text, bindings) = query.rendered()
        #expect(text == "select * from division where code = $1 and name = $2")
        #expect(bindings == ["150000", hostile])
        #expect(query.description == text)
    }

    @Test("nil binds NULL")
    func nilBindsNull() {
        let missing: Int? = nil
        let (text, bindings) = SQL("select \(missing)").rendered()
        #expect(text == "select $1")
        #expect(bindings == [nil])
    }

    @Test("fragments keep their own bindings and are renumbered")
    func fragmentsCompose() {
        let filter: SQL = "level = \("region")"
        let query: SQL = "select 1 where code = \(7) and \(filter) and \(unescaped: "true")"
        let (text, bindings) = query.rendered()
        #expect(text == "select 1 where code = $1 and level = $2 and true")
        #expect(bindings == ["7", "region"])
        let joined = SQL.joined(["a = \(1)", "b = \(2)"], separator: " and ")
        #expect(joined.rendered().text == "a = $1 and b = $2")
    }
}
