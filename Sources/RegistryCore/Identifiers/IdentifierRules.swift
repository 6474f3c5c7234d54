/// The database's identifier domains (`sql/0002_identifiers.sql`), with the words people read when one refuses a code.
enum IdentifierRules {
    static let citizenIDValid = Rule(
        constraint: "citizen_id_valid_a13_1",
        field: nil,
        message: "公民身份号码无效:须为 GB 11643-1999 规定的18位号码,末位为 ISO 7064 MOD 11-2 校验码。"
    )
    static let usccValid = Rule(
        constraint: "uscc_valid_a14_1",
        field: nil,
        message: "统一社会信用代码无效:须为 GB 32100-2015 规定的18位代码,末位为 MOD 31 校验码。"
    )

    static let all = [citizenIDValid, usccValid]
}
