import Foundation
import Postgres
import RegistryCore
import TestSupport
import Testing

/// A13.1 / A14.1: the SQL mirror (`sql/0002_identifiers.sql`) applies the same rules as Swift, and the domains refuse
/// invalid codes however they arrive.
@Suite("Identifiers in the database (A13.1, A14.1)")
struct IdentifierDatabaseTests {
    private struct Rollback: Error {}

    /// Runs `body` in a transaction that is always rolled back, returning what it produced.
    private func rolledBack<Result: Sendable>(
        _ database: TestDatabase,
        _ body: @escaping @Sendable (Connection) throws -> Result
    ) async throws -> Result {
        try await database.client.withConnection { connection in
            var result: Result?
            do {
                try connection.transaction { connection in
                    result = try body(connection)
                    throw Rollback()
                }
            } catch is Rollback {}
            return result!
        }
    }

    private struct SQLVerdict: Sendable {
        var citizenAsOf: Bool
        var citizenToday: Bool
        var credit: Bool
        var mask: String
        var citizenCheck: String?
        var creditCheck: String?
    }

    @Test("Swift and SQL agree on validity, check characters and masking for thousands of inputs")
    func parity() async throws {
        let database = try await TestDatabase.make()
        let inputs = IdentifierSamples.parityInputs()
        let asOfSQL = IdentifierSamples.asOfSQL
        let verdicts = try await database.client.withConnection { connection in
            try connection.query(
                """
                select i, is_valid_citizen_id(s, \(asOfSQL)::date) as citizen_as_of, is_valid_citizen_id(s) as citizen_today,
                       is_valid_uscc(s) as credit, mask_citizen_id(s) as mask,
                       citizen_id_check_character(left(s, 17)) as citizen_check, uscc_check_character(left(s, 17)) as credit_check
                from unnest(\(inputs)::text[]) with ordinality as input(s, i)
                order by i
                """
            ).rows.map { row in
                SQLVerdict(
                    citizenAsOf: try row.decode("citizen_as_of"),
                    citizenToday: try row.decode("citizen_today"),
                    credit: try row.decode("credit"),
                    mask: try row.decode("mask"),
                    citizenCheck: try row.decodeIfPresent("citizen_check"),
                    creditCheck: try row.decodeIfPresent("credit_check")
                )
            }
        }
        #expect(verdicts.count == inputs.count)
        var counts = (citizen: 0, credit: 0, invalid: 0)
        for (input, sql) in zip(inputs, verdicts) {
            let citizen = (try? CitizenIdentityNumber(validating: input, asOf: IdentifierSamples.asOf)) != nil
            let citizenToday = (try? CitizenIdentityNumber(validating: input)) != nil
            let credit = (try? UnifiedSocialCreditCode(validating: input)) != nil
            let shown = input.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
            #expect(sql.citizenAsOf == citizen, "citizen \(shown)")
            #expect(sql.citizenToday == citizenToday, "citizen today \(shown)")
            #expect(sql.credit == credit, "credit \(shown)")
            // Compare scalar by scalar: String equality would forgive a difference in Unicode normalisation.
            #expect(Array(sql.mask.unicodeScalars) == Array(CitizenIdentityNumber.mask(input).unicodeScalars), "mask \(shown)")
            let first17 = String(String.UnicodeScalarView(input.unicodeScalars.prefix(17)))
            #expect(sql.citizenCheck == CitizenIdentityNumber.checkCharacter(for: first17).map(String.init), "check \(shown)")
            #expect(sql.creditCheck == UnifiedSocialCreditCode.checkCharacter(for: first17).map(String.init), "check \(shown)")
            if citizen { counts.citizen += 1 } else if credit { counts.credit += 1 } else { counts.invalid += 1 }
        }
        // The mix exercises both verdicts of both validators.
        #expect(counts.citizen > 400)
        #expect(counts.credit > 400)
        #expect(counts.invalid > 2000)
        try await database.drop()
    }

    @Test("a psql-style insert of an invalid code into a domain column fails with the named constraint")
    func domainsRefuseInvalidCodes() async throws {
        let database = try await TestDatabase.make()
        try await database.client.withConnection { connection in
            try connection.execute(script: "create table identifier_domain_test (person citizen_id, organisation uscc)")
        }
        let refusals: [(script: String, constraint: String)] = [
            ("insert into identifier_domain_test (person) values ('110105194912310021')", "citizen_id_valid_a13_1"),
            ("insert into identifier_domain_test (person) values ('1101051949123100')", "citizen_id_valid_a13_1"),
            ("insert into identifier_domain_test (person) values ('11010519491231002x')", "citizen_id_valid_a13_1"),
            // Born 2999-12-31, with the right check character: only the date is wrong.
            ("insert into identifier_domain_test (person) values ('\(IdentifierSamples.citizen("11010529991231001"))')", "citizen_id_valid_a13_1"),
            ("insert into identifier_domain_test (organisation) values ('91350100M000100Y4Z')", "uscc_valid_a14_1"),
            ("insert into identifier_domain_test (organisation) values ('9135I100M000100Y43')", "uscc_valid_a14_1"),
            ("insert into identifier_domain_test (organisation) values ('91350100m000100y43')", "uscc_valid_a14_1"),
            ("update identifier_domain_test set organisation = '91350100M000100Y4'", "uscc_valid_a14_1"),
        ]
        for refusal in refusals {
            let error = await #expect(throws: PostgresError.self, "\(refusal.script)") {
                try await database.client.withConnection { connection in
                    try connection.execute(
                        script: "insert into identifier_domain_test values (null, null); " + refusal.script
                    )
                }
            }
            #expect(error?.sqlState == "23514", "\(refusal.script)")
            #expect(error?.constraint == refusal.constraint, "\(refusal.script)")
        }
        // Bound parameters go through the same check.
        let bound = await #expect(throws: PostgresError.self) {
            try await database.client.withConnection { connection in
                try connection.query("insert into identifier_domain_test (person) values (\("110105194912310021"))")
            }
        }
        #expect(bound?.constraint == "citizen_id_valid_a13_1")

        // Canonical valid codes are accepted and read back as the Swift types; NULL is allowed.
        let number = try CitizenIdentityNumber(validating: IdentifierSamples.citizenExample)
        let credit = try UnifiedSocialCreditCode(validating: IdentifierSamples.creditExample)
        let (readNumber, readCredit, total) = try await database.client.withConnection { connection in
            try connection.execute(
                script: "insert into identifier_domain_test values ('11010519491231002X', '91350100M000100Y43'), (null, null)"
            )
            try connection.query("insert into identifier_domain_test values (\(number), \(credit))")
            let row = try connection.query("select person, organisation from identifier_domain_test where person is not null limit 1").rows[0]
            let total = try connection.query("select count(*) as n from identifier_domain_test").rows[0].decode("n", as: Int.self)
            return (
                try row.decode("person", as: CitizenIdentityNumber.self), try row.decode("organisation", as: UnifiedSocialCreditCode.self),
                total
            )
        }
        #expect(readNumber == number)
        #expect(readCredit == credit)
        #expect(total == 3)
        try await database.drop()
    }

    @Test("the digest is a keyed HMAC-SHA256, the same for x and X, and refuses invalid numbers")
    func digest() async throws {
        let database = try await TestDatabase.make()
        let number = try CitizenIdentityNumber(validating: IdentifierSamples.citizenExample)
        let other = try CitizenIdentityNumber(validating: IdentifierSamples.citizen("15010219900101123"))
        let result = try await rolledBack(database) { connection in
            let row = try connection.query(
                """
                select citizen_id_digest(\(number)) as bound, citizen_id_digest('11010519491231002x') as lower,
                       citizen_id_digest(\(other)) as other,
                       hmac(convert_to('11010519491231002X', 'UTF8'), (select value from registry_secret where name = 'citizen_id_key'),
                            'sha256') as expected,
                       digest('11010519491231002X', 'sha256') as unkeyed,
                       (select octet_length(value) from registry_secret where name = 'citizen_id_key') as key_length
                """
            ).rows[0]
            return (
                bound: try row.decode("bound", as: [UInt8].self), lower: try row.decode("lower", as: [UInt8].self),
                other: try row.decode("other", as: [UInt8].self), expected: try row.decode("expected", as: [UInt8].self),
                unkeyed: try row.decode("unkeyed", as: [UInt8].self), keyLength: try row.decode("key_length", as: Int.self)
            )
        }
        #expect(result.bound.count == 32)
        #expect(result.bound == result.lower)
        #expect(result.bound == result.expected)
        #expect(result.bound != result.other)
        #expect(result.bound != result.unkeyed)
        #expect(result.keyLength == 32)

        let error = await #expect(throws: PostgresError.self) {
            try await rolledBack(database) { connection in
                try connection.query("select citizen_id_digest(\("110105194912310021")) as d")
            }
        }
        #expect(error?.sqlState == "23514")
        #expect(error?.constraint == "citizen_id_valid_a13_1")
        try await database.drop()
    }

    @Test("the one-argument validator is the two-argument one as of today in Asia/Shanghai")
    func today() async throws {
        let database = try await TestDatabase.make()
        let (today, farFuture) = try await rolledBack(database) { connection in
            let row = try connection.query(
                """
                select to_char(registry_today(), 'YYYYMMDD') as today,
                       is_valid_citizen_id(\(IdentifierSamples.citizen("15010299991231123"))) as far_future
                """
            ).rows[0]
            return (try row.decode("today", as: String.self), try row.decode("far_future", as: Bool.self))
        }
        let bornToday = IdentifierSamples.citizen("150102" + today + "123")
        #expect(throws: Never.self) { try CitizenIdentityNumber(validating: bornToday) }
        #expect(!farFuture)
        try await database.drop()
    }
}
