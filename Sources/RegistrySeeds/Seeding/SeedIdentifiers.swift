import Postgres
import RegistryCore
/// Valid identifiers for seeded subjects: the check characters are computed, so the database's domains accept them.
enum SeedIdentifiers {
    /// The unified social credit code of a public body (机关, `11`) in `division`, numbered by `serial` (< 10,000,000).
    static func publicBody(division: String, serial: Int) -> String {
        complete("11" + division + "MB" + padded(serial, 7), UnifiedSocialCreditCode.checkCharacter(for:))
    }

    /// The unified social credit code of a company (`91`) registered in `division`.
    static func company(division: String, serial: Int) -> String {
        complete("91" + division + "MA" + padded(serial, 7), UnifiedSocialCreditCode.checkCharacter(for:))
    }

    /// A citizen identity number of someone registered in `division`, born on `birthday` (`YYYYMMDD`).
    static func citizen(division: String, birthday: String, serial: Int) -> String {
        complete(division + birthday + padded(serial % 1000, 3), CitizenIdentityNumber.checkCharacter(for:))
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func complete(_ first17: String, _ check: (String) -> Character?) -> String {
        first17 + String(check(first17)!)
    }
}
